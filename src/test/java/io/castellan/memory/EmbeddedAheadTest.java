package io.castellan.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.ProblemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedAheadTest {

    /** An embedder that counts what it is asked: each call would be a provider's. */
    private static final class Counting implements Embedder {
        final List<String> asked = new ArrayList<>();

        @Override
        public String id() {
            return "openai:test";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public float[] embed(String text) {
            asked.add(text);
            return new float[] {text.length(), 1};
        }
    }

    @Test
    void aTextEmbeddedAheadIsNotAskedAgainAndItsVectorIsACopy() {
        Counting provider = new Counting();
        Map<String, Object> ahead = new HashMap<>();
        float[] vector = {3, 4};
        ahead.put(EmbeddedAhead.key(provider.id(), "disk full"), vector);
        EmbeddedAhead embedder = new EmbeddedAhead(provider, ahead);

        float[] found = embedder.embed("disk full");
        found[0] = 0;

        assertThat(embedder.embed("disk full")).containsExactly(3, 4);
        assertThat(provider.asked).isEmpty();
        assertThat(embedder.embed("another")).containsExactly(7, 1);
        assertThat(provider.asked).containsExactly("another");
    }

    @Test
    void aFailureMetAheadIsThrownWhereTheTextIsEmbeddedWithoutAskingAgain() {
        Counting provider = new Counting();
        ProblemException unavailable = new ProblemException(503, "Embedding model unavailable", "memory embedding failed");
        EmbeddedAhead embedder = new EmbeddedAhead(provider, Map.of(EmbeddedAhead.key(provider.id(), "q"), unavailable));

        assertThatThrownBy(() -> embedder.embed("q")).isSameAs(unavailable);
        assertThat(provider.asked).isEmpty();
    }

    @Test
    void vectorsOfAnotherEmbedderAreNotTaken() {
        Counting provider = new Counting();
        EmbeddedAhead embedder = new EmbeddedAhead(provider, Map.of(EmbeddedAhead.key("local:other", "q"), new float[] {9, 9}));

        assertThat(embedder.embed("q")).containsExactly(1, 1);
        assertThat(provider.asked).containsExactly("q");
    }
}

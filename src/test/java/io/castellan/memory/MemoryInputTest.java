package io.castellan.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import org.assertj.core.api.SoftAssertions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What counts as blank (nothing to embed) is what the in-process model refuses: checked against
 * the model itself, so that no text the API takes fails in the model (it answered 500 for a lone
 * surrogate, a zero-width space or a combining accent alone).
 */
class MemoryInputTest {

    /** Texts with nothing a BERT tokenizer keeps: spaces of every kind, controls, format characters, marks alone. */
    static final List<String> NOTHING = List.of(" \t\n\r", "\u0000\u0001\u007f", "\u00a0\u2007\u202f\u3000\u2028\u2029\u0085",
            "\u200b\u200d\u2060\ufeff\u00ad", "\ud800", "\udc00x".substring(0, 1), "\ue000\uf8ff", "\ufffd", "\u0301\u0308",
            " \u200b \u0301 ");

    /** Texts with something to embed, however little. */
    static final List<String> SOMETHING = List.of("a", " a ", "\u200ba", "\u00e9", "e\u0301", "\u65e5\u672c", "\ud83d\ude00", "[secret:API]",
            "\u20dd", "!", "\u0903", "x\ud800");

    static EmbeddingModel model;

    @BeforeAll
    static void loadTheModel() {
        System.setProperty("DJL_CACHE_DIR", Path.of("target", "djl").toAbsolutePath().toString());
        model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    @Test
    void aTextWithNothingTheModelReadsIsBlankAndTheModelRefusesIt() {
        SoftAssertions.assertSoftly(soft -> {
            for (String text : NOTHING) {
                soft.assertThat(MemoryInput.blank(text)).as("blank: %s", codePoints(text)).isTrue();
                soft.assertThatThrownBy(() -> model.embed(text)).as("refused: %s", codePoints(text)).isInstanceOf(IllegalArgumentException.class);
            }
        });
    }

    @Test
    void aTextWithAnythingTheModelReadsIsNotBlankAndIsEmbedded() {
        SoftAssertions.assertSoftly(soft -> {
            for (String text : SOMETHING) {
                soft.assertThat(MemoryInput.blank(text)).as("not blank: %s", codePoints(text)).isFalse();
                soft.assertThatCode(() -> model.embed(text)).as("embedded: %s", codePoints(text)).doesNotThrowAnyException();
            }
        });
        assertThat(MemoryInput.blank(null)).isTrue();
        // an unassigned code point the model reads as its unknown token: nothing to find by meaning either
        assertThat(MemoryInput.blank("\u0378\u0379")).isTrue();
    }

    private static String codePoints(String text) {
        return text.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList().toString();
    }
}

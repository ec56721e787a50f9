package io.castellan.invocation.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.memory.MemoryInput;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a plan_act_reflect reflection leaves as a memory: its text, cut to fit, whole characters only. */
class ReflectionMemoryTextTest {

    private static final int MOST = MemoryInput.MAX_TEXT_BYTES / 4;

    @Test
    void aReflectionThatSaysNothingRemembersNothing() {
        assertThat(ProtocolSteps.memoryText("")).isNull();
        // control characters are no words either: the embedding models refuse such a text
        assertThat(ProtocolSteps.memoryText("\u0000\u0001")).isNull();
    }

    @Test
    void aShortReflectionIsRememberedWhole() {
        assertThat(ProtocolSteps.memoryText("the feed was late again")).isEqualTo("the feed was late again");
        String exactly = "a".repeat(MOST);
        assertThat(ProtocolSteps.memoryText(exactly)).isEqualTo(exactly);
    }

    @Test
    void aLongOneIsCutToAQuarterOfAMemorysMost() {
        assertThat(ProtocolSteps.memoryText("b".repeat(MOST * 2))).isEqualTo("b".repeat(MOST));
    }

    @Test
    void theCutNeverSplitsACharacterAndTheMemoryStaysWithinItsBytes() {
        // an emoji is two chars: with one letter first, the cut would fall between an emoji's halves
        String text = "x" + "😀".repeat(MOST);
        String kept = ProtocolSteps.memoryText(text);
        assertThat(kept).hasSize(MOST - 1).startsWith("x");
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
        byte[] bytes = kept.getBytes(StandardCharsets.UTF_8);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(kept).doesNotContain("?");
        assertThat(bytes.length).isLessThanOrEqualTo(MemoryInput.MAX_TEXT_BYTES);
    }
}

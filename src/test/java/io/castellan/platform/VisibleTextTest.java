package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VisibleTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " \t\n", "\u200b", "\u200b\u0301", "\u0301", "\u00a0", "\u3000", "\u007f", "\u0000",
            "\ud800", "\ufffd", "\ue000", "\u2060\ufeff", "\u0378"})
    void nothingToReadIsBlank(String text) {
        assertThat(VisibleText.blank(text)).as("%s", text.codePoints().mapToObj(Integer::toHexString).toList()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "e\u0301", "\u200bx", " 1 ", "\u4e2d", "\ud83d\ude00", "\u0645", "-", "?"})
    void anythingToReadIsNot(String text) {
        assertThat(VisibleText.blank(text)).isFalse();
    }

    @Test
    void nullIsBlank() {
        assertThat(VisibleText.blank(null)).isTrue();
    }
}

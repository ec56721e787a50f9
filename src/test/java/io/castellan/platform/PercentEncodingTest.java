package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentEncodingTest {

    @Test
    void wellFormedEscapesOfUtf8Pass() {
        assertThat(PercentEncoding.isUtf8("/api/v1/processes/plain")).isTrue();
        assertThat(PercentEncoding.isUtf8("/a%20b/%41")).isTrue();
        // the euro sign, three bytes; a raw character beside it is the container's to judge
        assertThat(PercentEncoding.isUtf8("/price/%E2%82%ac-é")).isTrue();
        assertThat(PercentEncoding.isUtf8("limit=10")).isTrue();
    }

    @Test
    void brokenEscapesFail() {
        assertThat(PercentEncoding.isUtf8("/a%zz")).isFalse();
        assertThat(PercentEncoding.isUtf8("/a%4")).isFalse();
        assertThat(PercentEncoding.isUtf8("/a%")).isFalse();
    }

    @Test
    void escapesThatDoNotSpellUtf8Fail() {
        assertThat(PercentEncoding.isUtf8("/a%ff")).isFalse();
        // an overlong '.', which a lenient decoder turns into a dot segment
        assertThat(PercentEncoding.isUtf8("/a%c0%ae")).isFalse();
        // a sequence cut short, at the end or by a raw character
        assertThat(PercentEncoding.isUtf8("/a%e2%82")).isFalse();
        assertThat(PercentEncoding.isUtf8("/a%e2x%82%ac")).isFalse();
    }
}

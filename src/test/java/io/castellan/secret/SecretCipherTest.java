package io.castellan.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final SecretCipher FIRST = new SecretCipher("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final SecretCipher OTHER = new SecretCipher("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    @Test
    void onlyTheSameKeyOpensTheFleetsSample() {
        String sample = FIRST.sample();
        assertThat(FIRST.opens(sample)).isTrue();
        assertThat(OTHER.opens(sample)).as("a server with another key").isFalse();
        assertThat(FIRST.opens("bm90IGEgc2FtcGxl")).as("not a sealed sample").isFalse();
        assertThat(FIRST.opens("%%% not base64")).isFalse();
    }

    @Test
    void aValueOpensOnlyUnderItsOwnProcessAndName() {
        String sealed = FIRST.encrypt("billing", "API_TOKEN", "s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(FIRST.decrypt("billing", "API_TOKEN", sealed), StandardCharsets.UTF_8)).isEqualTo("s3cret");
        assertThat(FIRST.opens(sealed)).as("a secret is no key-check sample").isFalse();
    }
}

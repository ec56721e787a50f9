package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTimestampDotBodyAsOpensslDoes() {
        // printf '1700000000.{"ok":true}' | openssl dgst -sha256 -hmac k
        assertThat(WebhookSignature.sign("k", "1700000000", BODY)).isEqualTo("sha256=ea3d29b5a43b8a0f4e94f1b9c13e3ad70dea83e811cb09a1d55909a3f5fd231c");
    }

    @Test
    void acceptsAFreshCorrectSignature() {
        String ts = Long.toString(NOW.getEpochSecond() - 10);
        assertThatCode(() -> WebhookSignature.verify("k", ts, WebhookSignature.sign("k", ts, BODY), BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void refusesMissingWrongAndStaleSignatures() {
        String ts = Long.toString(NOW.getEpochSecond());
        String stale = Long.toString(NOW.getEpochSecond() - 301);
        assertUnauthorized(null, WebhookSignature.sign("k", ts, BODY));
        assertUnauthorized(ts, null);
        assertUnauthorized(ts, WebhookSignature.sign("other", ts, BODY));
        assertUnauthorized(ts, "sha256=zz");
        assertUnauthorized(ts, "md5=" + WebhookSignature.sign("k", ts, BODY).substring(7));
        assertUnauthorized(stale, WebhookSignature.sign("k", stale, BODY));
        assertUnauthorized("yesterday", WebhookSignature.sign("k", "yesterday", BODY));
    }

    @Test
    void aSignatureCoversTheBody() {
        String ts = Long.toString(NOW.getEpochSecond());
        String signature = WebhookSignature.sign("k", ts, BODY);
        assertThatThrownBy(() -> WebhookSignature.verify("k", ts, signature, "{\"ok\":false}".getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOf(ProblemException.class);
    }

    private static void assertUnauthorized(String ts, String signature) {
        assertThatThrownBy(() -> WebhookSignature.verify("k", ts, signature, BODY, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}

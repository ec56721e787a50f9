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

    @Test
    void verifiesGithubsSignatureAsGithubDocumentsIt() {
        // the example in GitHub's "Validating webhook deliveries"; also what openssl prints for it
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(WebhookSignature.signGithub("It's a Secret to Everybody", body)).isEqualTo(signature);
        assertThatCode(() -> WebhookSignature.verifyGithub("It's a Secret to Everybody", signature, body)).doesNotThrowAnyException();
        for (String wrong : new String[] {null, "sha1=abc", "sha256=zz", "sha256=" + "00".repeat(32)}) {
            assertThatThrownBy(() -> WebhookSignature.verifyGithub("It's a Secret to Everybody", wrong, body))
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThatThrownBy(() -> WebhookSignature.verifyGithub("another key", signature, body)).isInstanceOf(ProblemException.class);
    }

    @Test
    void verifiesStripesSignatureWithAnyOfItsV1sWithinFiveMinutes() {
        long t = NOW.getEpochSecond() - 60;
        // printf '1799999940.{"ok":true}' | openssl dgst -sha256 -hmac whsec_test
        String v1 = "t=1799999940,v1=7b62cffbe1b647710c12150a72cf08ff0e9a5d1e3137d4f9c762d3ad99bacc45";
        assertThat(WebhookSignature.signStripe("whsec_test", t, BODY)).isEqualTo(v1);
        assertThatCode(() -> WebhookSignature.verifyStripe("whsec_test", v1, BODY, NOW)).doesNotThrowAnyException();
        // while a secret rolls Stripe signs with both; a v0 (test mode's old scheme) is ignored
        String rolled = "t=" + t + ",v1=" + "ab".repeat(32) + "," + v1.substring(v1.indexOf("v1=")) + ",v0=" + "cd".repeat(32);
        assertThatCode(() -> WebhookSignature.verifyStripe("whsec_test", rolled, BODY, NOW)).doesNotThrowAnyException();
        String stale = WebhookSignature.signStripe("whsec_test", NOW.getEpochSecond() - 301, BODY);
        for (String wrong : new String[] {null, "", "v1=" + "ab".repeat(32), "t=" + t, stale, "t=soon,v1=" + "ab".repeat(32),
                WebhookSignature.signStripe("other", t, BODY)}) {
            assertThatThrownBy(() -> WebhookSignature.verifyStripe("whsec_test", wrong, BODY, NOW))
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }
}

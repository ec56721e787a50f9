package io.castellan.platform;

import io.castellan.platform.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures: {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">} with the
 * timestamp within five minutes of the server's clock, compared in constant time.
 */
public final class WebhookSignature {

    public static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    public static String sign(String key, String timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(key, timestamp, body));
    }

    /** @throws ProblemException 401 saying what is wrong, without revealing the expected value */
    public static void verify(String key, String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            throw unauthorized("send X-Castellan-Timestamp and X-Castellan-Signature headers");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthorized("X-Castellan-Timestamp must be Unix seconds");
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(TOLERANCE) > 0) {
            throw unauthorized("X-Castellan-Timestamp is more than " + TOLERANCE.toSeconds() + " s from the server's clock");
        }
        byte[] given;
        try {
            given = signature.startsWith(PREFIX) ? HexFormat.of().parseHex(signature.substring(PREFIX.length()).trim()) : null;
        } catch (IllegalArgumentException e) {
            given = null;
        }
        if (given == null) {
            throw unauthorized("X-Castellan-Signature must be sha256=<hex>");
        }
        if (!MessageDigest.isEqual(hmac(key, timestamp.trim(), body), given)) {
            throw unauthorized("the signature does not match the body and timestamp");
        }
    }

    private static byte[] hmac(String key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail);
    }
}

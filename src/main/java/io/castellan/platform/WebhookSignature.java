package io.castellan.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures, each an HMAC-SHA256 compared in constant time. Castellan's own:
 * {@code X-Castellan-Signature: sha256=<hex of "<timestamp>.<raw body>">} with
 * {@code X-Castellan-Timestamp} within five minutes of the server's clock. GitHub's:
 * {@code X-Hub-Signature-256: sha256=<hex of the raw body>}. Stripe's:
 * {@code Stripe-Signature: t=<timestamp>,v1=<hex of "<t>.<raw body>">[,v1=...]}, the same five minutes.
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
        checkFresh(timestamp, now, "X-Castellan-Timestamp");
        byte[] given = hex(signature.startsWith(PREFIX) ? signature.substring(PREFIX.length()) : null);
        if (given == null) {
            throw unauthorized("X-Castellan-Signature must be sha256=<hex>");
        }
        if (!MessageDigest.isEqual(hmac(key, timestamp.trim(), body), given)) {
            throw unauthorized("the signature does not match the body and timestamp");
        }
    }

    /** GitHub's {@code X-Hub-Signature-256}. @throws ProblemException 401 saying what is wrong */
    public static void verifyGithub(String key, String signature, byte[] body) {
        if (signature == null) {
            throw unauthorized("send the X-Hub-Signature-256 header (GitHub signs every delivery when the webhook has a secret)");
        }
        byte[] given = hex(signature.startsWith(PREFIX) ? signature.substring(PREFIX.length()).trim() : null);
        if (given == null) {
            throw unauthorized("X-Hub-Signature-256 must be sha256=<hex>");
        }
        if (!MessageDigest.isEqual(hmac(key, null, body), given)) {
            throw unauthorized("the signature does not match the body");
        }
    }

    /** Stripe's {@code Stripe-Signature}: any of its v1 signatures may match (Stripe sends two while a secret rolls). */
    public static void verifyStripe(String key, String header, byte[] body, Instant now) {
        if (header == null) {
            throw unauthorized("send the Stripe-Signature header");
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            String[] pair = element.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1") && hex(pair[1]) != null) {
                signatures.add(hex(pair[1]));
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw unauthorized("Stripe-Signature must hold t=<timestamp> and at least one v1=<hex>");
        }
        checkFresh(timestamp, now, "the Stripe-Signature timestamp");
        byte[] expected = hmac(key, timestamp, body);
        if (signatures.stream().noneMatch(given -> MessageDigest.isEqual(expected, given))) {
            throw unauthorized("no v1 signature matches the body and timestamp");
        }
    }

    /** Stripe's header for a body, as Stripe would send it (for tests and local senders). */
    public static String signStripe(String key, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(key, String.valueOf(timestamp), body));
    }

    /** GitHub's header for a body, as GitHub would send it. */
    public static String signGithub(String key, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(key, null, body));
    }

    private static void checkFresh(String timestamp, Instant now, String what) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthorized(what + " must be Unix seconds");
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(TOLERANCE) > 0) {
            throw unauthorized(what + " is more than " + TOLERANCE.toSeconds() + " s from the server's clock");
        }
    }

    private static byte[] hex(String text) {
        try {
            return text == null || text.isBlank() ? null : HexFormat.of().parseHex(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** HMAC-SHA256 of {@code "<timestamp>.<body>"}, or of the body alone without a timestamp. */
    private static byte[] hmac(String key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            if (timestamp != null) {
                mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail);
    }
}

package io.castellan.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.manifest.TriggerSpec.Webhook.Scheme;
import io.castellan.platform.ProblemException;
import io.castellan.platform.WebhookSignature;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;

/**
 * The senders a webhook trigger can verify, each by its own documented headers, and where each puts
 * the delivery's id: Castellan's ({@code X-Castellan-*}), GitHub's ({@code X-Hub-Signature-256},
 * {@code X-GitHub-Delivery}) and Stripe's ({@code Stripe-Signature}; the event's {@code id} in the
 * body, which Stripe keeps across its retries).
 */
final class WebhookSenders {

    private static final int MAX_DELIVERY = 200;

    private WebhookSenders() {
    }

    /**
     * @return the delivery id, or null when the sender gave none
     * @throws ProblemException 401 for a signature that does not verify, 400 for a delivery id out of bounds
     */
    static String verify(Scheme scheme, String key, HttpHeaders headers, byte[] raw, JsonNode payload, Instant now) {
        return switch (scheme) {
            case CASTELLAN -> {
                WebhookSignature.verify(key, headers.getHeaderString("X-Castellan-Timestamp"), headers.getHeaderString("X-Castellan-Signature"),
                        raw, now);
                yield delivery("X-Castellan-Delivery", headers.getHeaderString("X-Castellan-Delivery"));
            }
            case GITHUB -> {
                WebhookSignature.verifyGithub(key, headers.getHeaderString("X-Hub-Signature-256"), raw);
                yield delivery("X-GitHub-Delivery", headers.getHeaderString("X-GitHub-Delivery"));
            }
            case STRIPE -> {
                WebhookSignature.verifyStripe(key, headers.getHeaderString("Stripe-Signature"), raw, now);
                yield delivery("id", payload.path("id").isTextual() ? payload.get("id").asText() : null);
            }
        };
    }

    private static String delivery(String field, String id) {
        if (id != null && (id.isBlank() || id.length() > MAX_DELIVERY)) {
            throw ProblemException.invalid(field, "must be 1-" + MAX_DELIVERY + " characters");
        }
        return id;
    }
}

package io.castellan.escalation;

import io.castellan.platform.TimerSeconds;
import io.castellan.platform.WebhookSignature;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers queued escalation notices: a POST of the JSON body, signed like incoming webhooks
 * ({@code X-Castellan-Timestamp}, {@code X-Castellan-Signature: sha256=<hex HMAC of "<timestamp>.<body>">}),
 * with the notice's id as {@code X-Castellan-Notice} so a receiver can drop a repeat. Any 2xx
 * answer is acceptance; anything else, or no answer, is retried with backoff.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EscalationSender {

    private static final Logger LOG = Logger.getLogger(EscalationSender.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Inject
    private Escalations escalations;

    @Schedule(second = TimerSeconds.EVERY_2, minute = "*", hour = "*", persistent = false)
    void deliverDue() {
        try {
            for (String id : escalations.due(Instant.now(), 50)) {
                escalations.take(id, TIMEOUT.multipliedBy(2)).ifPresent(this::attempt);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivering escalation notices failed; trying again in 2 s: {0}", e.getMessage());
        }
    }

    private void attempt(EscalationNotice notice) {
        String error = send(notice);
        if (error == null) {
            escalations.delivered(notice.id());
        } else {
            LOG.log(Level.INFO, "Escalation notice {0} to {1} not accepted, retried later: {2}", new Object[]{notice.id(), notice.url(), error});
            escalations.failed(notice.id(), error);
        }
    }

    /** @return null when the receiver accepted the notice, else why not */
    private String send(EscalationNotice notice) {
        String key = System.getenv(notice.secretVariable());
        if (key == null) {
            return "environment variable " + notice.secretVariable() + " is not set on the server";
        }
        byte[] body = notice.body().getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(notice.url()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Castellan-Notice", notice.id())
                .header("X-Castellan-Timestamp", timestamp)
                .header("X-Castellan-Signature", WebhookSignature.sign(key, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}

package io.castellan.escalation;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A signed JSON notice on its way to an escalation URL. Written in the transaction that decided to
 * send it, so a notice is never lost nor sent for something that was rolled back; delivered
 * afterwards and retried with backoff until the receiver accepts it.
 */
@Entity
@Table(name = "escalation_notice")
public class EscalationNotice {

    private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);

    @Convert(disableConversion = true)
    @Id
    private String id;

    @Column(name = "process_name")
    private String processName;

    private String url;

    /** The environment variable holding the signing key; the key itself is never stored. */
    @Column(name = "secret_variable")
    private String secretVariable;

    private String body;

    @Column(name = "created_at")
    private Instant createdAt;

    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "last_error")
    private String lastError;

    protected EscalationNotice() {
    }

    EscalationNotice(String id, String processName, String url, String secretVariable, String body, Instant now) {
        this.id = id;
        this.processName = processName;
        this.url = url;
        this.secretVariable = secretVariable;
        this.body = body;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    String id() {
        return id;
    }

    String url() {
        return url;
    }

    String secretVariable() {
        return secretVariable;
    }

    String body() {
        return body;
    }

    Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    boolean delivered() {
        return deliveredAt != null;
    }

    void deliver(Instant now) {
        attempts++;
        deliveredAt = now;
        lastError = null;
    }

    /** The next attempt waits 1 s, doubling with each failure, at most five minutes. */
    void retryLater(String error, Instant now) {
        attempts++;
        long seconds = Math.min(LONGEST_BACKOFF.toSeconds(), 1L << Math.min(attempts - 1, 20));
        nextAttemptAt = now.plusSeconds(seconds);
        lastError = error.length() > 1000 ? error.substring(0, 1000) : error;
    }

    /** Holds the notice for one attempt, so another server polling the same table leaves it alone meanwhile. */
    void holdFor(Duration attempt, Instant now) {
        nextAttemptAt = now.plus(attempt);
    }
}

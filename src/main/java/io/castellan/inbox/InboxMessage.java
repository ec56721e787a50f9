package io.castellan.inbox;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

/**
 * An operator's message to a process: pending until a turn of one of its invocations shows it to
 * the model (delivered, once), or until its time to live runs out (expired, never shown).
 */
@Entity
@Table(name = "inbox_message")
public class InboxMessage {

    /** How urgent: the model sees higher ones first. Stored as its rank, so the database orders them. */
    public enum Priority {
        LOW, NORMAL, HIGH;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a message stands; only PENDING changes, once. */
    public enum State { PENDING, DELIVERED, EXPIRED }

    @Convert(disableConversion = true)
    @Id
    private String id;

    @Column(name = "process_name")
    private String processName;

    private String message;

    private int priority;

    @Column(name = "sent_by")
    private String sentBy;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private State state;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "delivered_invocation")
    private String deliveredInvocation;

    @Column(name = "delivered_turn")
    private Integer deliveredTurn;

    protected InboxMessage() {
    }

    InboxMessage(String id, String processName, String message, Priority priority, String sentBy, Instant sentAt, Instant expiresAt) {
        this.id = id;
        this.processName = processName;
        this.message = message;
        this.priority = priority.ordinal();
        this.sentBy = sentBy;
        this.sentAt = sentAt;
        this.expiresAt = expiresAt;
        this.state = State.PENDING;
    }

    public String id() { return id; }
    public String processName() { return processName; }
    public String message() { return message; }
    public Priority priority() { return Priority.values()[priority]; }
    public String sentBy() { return sentBy; }
    public Instant sentAt() { return sentAt; }
    public Instant expiresAt() { return expiresAt; }
    public State state() { return state; }
    public Instant deliveredAt() { return deliveredAt; }
    public String deliveredInvocation() { return deliveredInvocation; }
    public Integer deliveredTurn() { return deliveredTurn; }

    boolean pending() {
        return state == State.PENDING;
    }

    void delivered(String invocationId, int turn, Instant now) {
        state = State.DELIVERED;
        deliveredAt = now;
        deliveredInvocation = invocationId;
        deliveredTurn = turn;
    }

    void expired() {
        state = State.EXPIRED;
    }
}

package io.castellan.invocation.wait;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One durable wait of an invocation, at one step: while it is pending the invocation is WAITING
 * and costs only its rows. Its event (the time, for {@link Kind#TIME}) resolves it with an
 * outcome, which the resumed invocation records as the step's result.
 */
@Entity
@Table(name = "invocation_wait")
public class DurableWait {

    /**
     * What a wait waits for: a time ({@code wait}), or the answer of an asked process
     * ({@code ask_agent}: the event key is the asked invocation, the time its timeout), or a
     * person's decision (an {@link Approval}: no time here, the approval's own expiry ends it).
     */
    public enum Kind { TIME, ANSWER, APPROVAL }

    @Convert(disableConversion = true)
    @Id
    private String id;

    @Column(name = "invocation_id")
    private String invocationId;

    @Column(name = "process_name")
    private String processName;

    private int step;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    @Column(name = "wake_at")
    private Instant wakeAt;

    @Column(name = "event_key")
    private String eventKey;

    private boolean pending;

    private String outcome;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    protected DurableWait() {
    }

    DurableWait(String invocationId, String processName, int step, Kind kind, Instant wakeAt, String eventKey, Instant now) {
        this.id = key(invocationId, step);
        this.invocationId = invocationId;
        this.processName = processName;
        this.step = step;
        this.kind = kind;
        this.wakeAt = wakeAt;
        this.eventKey = eventKey;
        this.pending = true;
        this.createdAt = now;
    }

    static String key(String invocationId, int step) {
        return invocationId + ":" + step;
    }

    public String invocationId() { return invocationId; }
    public String processName() { return processName; }
    public int step() { return step; }
    public Kind kind() { return kind; }
    public Instant wakeAt() { return wakeAt; }
    public boolean pending() { return pending; }
    public Instant createdAt() { return createdAt; }
    public String eventKey() { return eventKey; }
    public JsonNode outcome() { return outcome == null ? null : Json.read(outcome); }

    void resolve(JsonNode result, Instant now) {
        pending = false;
        outcome = Json.write(result);
        resolvedAt = now;
    }

    /** Ended without its event: the invocation was cancelled or failed while it waited. */
    void discard(Instant now) {
        pending = false;
        resolvedAt = now;
    }
}

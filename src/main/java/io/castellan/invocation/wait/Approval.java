package io.castellan.invocation.wait;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.manifest.ApprovalPolicy;
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
 * A request for a person's decision, by {@code request_approval} or before a call of a tool the
 * manifest's {@code approval.tools} names. Its invocation waits (an APPROVAL wait at the same step)
 * until it is decided once: approved, rejected, expired at its timeout, or withdrawn because the
 * invocation ended otherwise.
 */
@Entity
@Table(name = "approval")
public class Approval {

    /** Where a request stands; only PENDING can change, and only once. */
    public enum State { PENDING, APPROVED, REJECTED, EXPIRED, WITHDRAWN }

    @Convert(disableConversion = true)
    @Id
    private String id;

    @Column(name = "process_name")
    private String processName;

    @Column(name = "invocation_id")
    private String invocationId;

    private int step;

    /** The gated tool, or null for {@code request_approval}. */
    private String tool;

    private String summary;

    private String details;

    private String arguments;

    @Enumerated(EnumType.STRING)
    private State state;

    @Enumerated(EnumType.STRING)
    @Column(name = "on_timeout")
    private ApprovalPolicy.OnTimeout onTimeout;

    @Column(name = "requested_at")
    private Instant requestedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "decided_by")
    private String decidedBy;

    @Column(name = "decided_via")
    private String decidedVia;

    @Column(name = "decision_comment")
    private String comment;

    protected Approval() {
    }

    Approval(String id, String processName, String invocationId, int step, String tool, String summary, JsonNode details,
             JsonNode arguments, ApprovalPolicy.OnTimeout onTimeout, Instant requestedAt, Instant expiresAt) {
        this.id = id;
        this.processName = processName;
        this.invocationId = invocationId;
        this.step = step;
        this.tool = tool;
        this.summary = summary;
        this.details = details == null ? null : Json.write(details);
        this.arguments = arguments == null ? null : Json.write(arguments);
        this.state = State.PENDING;
        this.onTimeout = onTimeout;
        this.requestedAt = requestedAt;
        this.expiresAt = expiresAt;
    }

    public String id() { return id; }
    public String processName() { return processName; }
    public String invocationId() { return invocationId; }
    public int step() { return step; }
    public String tool() { return tool; }
    public String summary() { return summary; }
    public JsonNode details() { return details == null ? null : Json.read(details); }
    public JsonNode arguments() { return arguments == null ? null : Json.read(arguments); }
    public State state() { return state; }
    public ApprovalPolicy.OnTimeout onTimeout() { return onTimeout; }
    public Instant requestedAt() { return requestedAt; }
    public Instant expiresAt() { return expiresAt; }
    public Instant decidedAt() { return decidedAt; }
    public String decidedBy() { return decidedBy; }
    public String decidedVia() { return decidedVia; }
    public String comment() { return comment; }

    public boolean pending() {
        return state == State.PENDING;
    }

    void decide(State decision, String by, String via, String comment, Instant now) {
        this.state = decision;
        this.decidedBy = by;
        this.decidedVia = via;
        this.comment = comment;
        this.decidedAt = now;
    }
}

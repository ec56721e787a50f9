package io.castellan.invocation;

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
 * One wake of a process: created when its trigger is accepted, then run step by step. Its
 * {@code dedupKey} (idempotency key, webhook delivery, JMS message id or cron tick) is unique per
 * process, so a repeated trigger finds the invocation it already made.
 */
@Entity
@Table(name = "invocation")
public class Invocation {

    @Convert(disableConversion = true)
    @Id
    private String id;

    @Column(name = "process_name")
    private String processName;

    private Integer version;

    @Enumerated(EnumType.STRING)
    private InvocationStatus status;

    /** Waiting in the database (process paused or busy) rather than on the queue; dispatched in arrival order. */
    private boolean parked;

    /** The server running it, so that a restarted server recovers only its own work. */
    private String runner;

    @Enumerated(EnumType.STRING)
    @Column(name = "trigger_kind")
    private TriggerKind triggerKind;

    @Column(name = "trigger_ref")
    private String triggerRef;

    @Column(name = "trigger_payload")
    private String triggerPayload;

    @Column(name = "dedup_key")
    private String dedupKey;

    private String reply;

    private String error;

    @Column(name = "queued_at")
    private Instant queuedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "cancel_requested")
    private boolean cancelRequested;

    @Column(name = "tool_errors")
    private int toolErrors;

    private String coalesced;

    /**
     * Its {@code TRIGGER_RECEIVED} journal entry is still to be written: a cron minute's accepts leave
     * it to the invocation's start or its ending ({@link TriggerReceipts}).
     */
    @Column(name = "receipt_pending")
    private boolean receiptPending;

    /** The W3C traceparent of its trigger's accept span, which its runs continue; null without tracing. */
    @Column(name = "trace_parent")
    private String traceParent;

    protected Invocation() {
    }

    public Invocation(String id, String processName, TriggerKind kind, String ref, JsonNode payload, String dedupKey, Instant now) {
        this.id = id;
        this.processName = processName;
        this.status = InvocationStatus.QUEUED;
        this.triggerKind = kind;
        this.triggerRef = ref;
        this.triggerPayload = Json.write(payload);
        this.dedupKey = dedupKey;
        this.queuedAt = now;
    }

    public String id() { return id; }
    public String processName() { return processName; }
    public Integer version() { return version; }
    public InvocationStatus status() { return status; }
    public boolean parked() { return parked; }
    public String runner() { return runner; }
    public TriggerKind triggerKind() { return triggerKind; }
    public String dedupKey() { return dedupKey; }
    public String triggerRef() { return triggerRef; }
    public JsonNode triggerPayload() { return Json.read(triggerPayload); }
    public String reply() { return reply; }
    public String error() { return error; }
    public Instant queuedAt() { return queuedAt; }
    public Instant startedAt() { return startedAt; }
    public Instant finishedAt() { return finishedAt; }
    public boolean cancelRequested() { return cancelRequested; }
    public int toolErrors() { return toolErrors; }

    /** A tool step ended in an error: counted in the transaction that journals it, so once. */
    public void toolFailed() {
        toolErrors++;
    }

    public String traceParent() { return traceParent; }

    public void traced(String traceParent) {
        this.traceParent = traceParent;
    }

    /** The triggers merged into this invocation: {@code [{id, kind, ref, at, payload}]}, or null. */
    public JsonNode coalesced() { return coalesced == null ? null : Json.read(coalesced); }

    public boolean receiptPending() { return receiptPending; }

    /** Its receipt is journaled later, by {@link TriggerReceipts#journalIfPending}. */
    public void deferReceipt() {
        receiptPending = true;
    }

    void receiptJournaled() {
        receiptPending = false;
    }

    public void park() {
        parked = true;
    }

    public void unpark() {
        parked = false;
    }

    public void start(int processVersion, String runnerName, Instant now) {
        runner = runnerName;
        if (version == null) {
            version = processVersion;
        }
        if (startedAt == null) {
            startedAt = now;
        }
        parked = false;
        status = InvocationStatus.RUNNING;
    }

    /** Its server is gone: whichever server its next wake-up reaches resumes it. */
    public void orphan() {
        runner = null;
    }

    /** Suspended in a durable wait: it keeps its process and is resumed by its event. */
    public void waiting() {
        status = InvocationStatus.WAITING;
    }

    public void complete(String reply, Instant now) {
        this.reply = reply;
        this.status = InvocationStatus.COMPLETED;
        this.finishedAt = now;
    }

    /** The reason is kept as the error the invocation will end with. */
    void requestCancel(String reason) {
        cancelRequested = true;
        error = reason;
    }

    public void cancel(String reason, Instant now) {
        this.error = reason;
        this.status = InvocationStatus.CANCELLED;
        this.finishedAt = now;
    }

    public void coalesceInto(String other, Instant now) {
        this.reply = "coalesced into invocation " + other;
        this.status = InvocationStatus.COALESCED;
        this.parked = false;
        this.finishedAt = now;
    }

    public void absorb(JsonNode triggers) {
        this.coalesced = Json.write(triggers);
    }

    public void fail(String reason, Instant now) {
        this.error = reason;
        this.status = InvocationStatus.FAILED;
        this.finishedAt = now;
    }
}

package io.castellan.process;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An agent deployed from a manifest: the aggregate root every invocation, journal entry and state
 * key belongs to. Its row is also the per-process lock: the invocation that holds
 * {@code activeInvocation} is the only one that may run, and whoever appends to its journal holds
 * it (the journal's sequence numbers are given out here).
 */
@Entity
@Table(name = "agent_process")
public class AgentProcess {

    @Convert(disableConversion = true)
    @Id
    private String name;

    @Enumerated(EnumType.STRING)
    private ProcessState state;

    private int version;

    @Column(name = "active_invocation")
    private String activeInvocation;

    @Column(name = "consecutive_failures")
    private int consecutiveFailures;

    private int restarts;

    /** Why Castellan put the process in its state (a budget, a health alert); null when an operator did. */
    @Column(name = "state_reason")
    private String stateReason;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    /** The last sequence number given out in the process's journal (kept here: the journal's lock is this row's). */
    @Column(name = "journal_seq")
    private long journalSeq;

    /**
     * Whether the inbox may hold pending messages: set by a post, cleared by the turn that takes the
     * last ones, both under this row's lock (a turn that finds it clear has no query to make).
     */
    @Column(name = "inbox_pending")
    private boolean inboxPending;

    protected AgentProcess() {
    }

    AgentProcess(String name, ProcessState state, Instant now) {
        this.name = name;
        this.state = state;
        this.version = 1;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String name() {
        return name;
    }

    public ProcessState state() {
        return state;
    }

    public int version() {
        return version;
    }

    public String activeInvocation() {
        return activeInvocation;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    void changeState(ProcessState next, Instant now, String reason) {
        if (next == ProcessState.RUNNING && state != ProcessState.PAUSED) {
            consecutiveFailures = 0;
        }
        state = next;
        stateReason = reason;
        updatedAt = now;
    }

    public String stateReason() {
        return stateReason;
    }

    void nextVersion(Instant now) {
        version++;
        updatedAt = now;
    }

    /** Takes the process's run slot for an invocation; false when another invocation holds it. */
    public boolean claim(String invocationId) {
        if (activeInvocation != null && !activeInvocation.equals(invocationId)) {
            return false;
        }
        activeInvocation = invocationId;
        return true;
    }

    /** Frees the run slot and counts the outcome; returns the consecutive failures so far. */
    public int release(boolean succeeded) {
        activeInvocation = null;
        consecutiveFailures = succeeded ? 0 : consecutiveFailures + 1;
        if (succeeded) {
            restarts = 0;
        }
        return consecutiveFailures;
    }

    /** Frees the run slot without counting: a cancelled invocation neither succeeded nor failed. */
    public void releaseUncounted() {
        activeInvocation = null;
    }

    public int restarts() {
        return restarts;
    }

    /** Counts a restart by the supervisor; returns how many in a row. */
    public int countRestart() {
        return ++restarts;
    }

    /** The journal's next sequence number; only for the journal, which holds this row's lock when it asks. */
    public long nextJournalSeq() {
        return ++journalSeq;
    }

    /** Whether the inbox may hold pending messages (false: it holds none); read under this row's lock. */
    public boolean inboxPending() {
        return inboxPending;
    }

    /** Only for the inbox, which holds this row's lock when it posts or takes. */
    public void inboxPending(boolean pending) {
        this.inboxPending = pending;
    }
}

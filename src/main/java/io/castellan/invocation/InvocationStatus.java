package io.castellan.invocation;

import io.castellan.platform.JpqlLiterals;

/**
 * Where an invocation is. WAITING is a durable wait (a {@code wait} step, later approvals and
 * answers): no thread holds it, it keeps its process busy, and its event resumes it RUNNING.
 * COMPLETED, FAILED, CANCELLED (by an operator or by a newer trigger) and COALESCED (merged into
 * another invocation, which ran it) are final.
 */
public enum InvocationStatus {
    QUEUED, RUNNING, WAITING, COMPLETED, FAILED, CANCELLED, COALESCED;

    /**
     * {@code i.status = QUEUED} as JPQL, for the queue's lookups that run at every accept, claim and
     * ending: written into the query, not bound. Bound, PostgreSQL planned those queries afresh at
     * every call (its generic plan, blind to which status, looked costlier) and, after statistics
     * taken while many triggers were queued, read a process's whole history for them; the value in
     * the text lets it plan them once and use the queue's partial index (V25_1).
     */
    public static final String IS_QUEUED = "i.status = " + QUEUED.jpql();

    /**
     * This status as a JPQL literal, for queries by status alone (recovery, the gauges): on
     * PostgreSQL the status index leaves QUEUED out (V25_2, so that a process's queue is never
     * looked up through every queued invocation of the fleet), and PostgreSQL matches a partial
     * index only against a value it sees when it plans.
     */
    public String jpql() {
        return JpqlLiterals.of(this);
    }

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING && this != WAITING;
    }

    /** Holds its process's run slot: running, or suspended in a durable wait. */
    public boolean holdsProcess() {
        return this == RUNNING || this == WAITING;
    }
}

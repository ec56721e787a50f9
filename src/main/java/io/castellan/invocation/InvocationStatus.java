package io.castellan.invocation;

/**
 * Where an invocation is. WAITING is a durable wait (a {@code wait} step, later approvals and
 * answers): no thread holds it, it keeps its process busy, and its event resumes it RUNNING.
 * COMPLETED, FAILED, CANCELLED (by an operator or by a newer trigger) and COALESCED (merged into
 * another invocation, which ran it) are final.
 */
public enum InvocationStatus {
    QUEUED, RUNNING, WAITING, COMPLETED, FAILED, CANCELLED, COALESCED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING && this != WAITING;
    }

    /** Holds its process's run slot: running, or suspended in a durable wait. */
    public boolean holdsProcess() {
        return this == RUNNING || this == WAITING;
    }
}

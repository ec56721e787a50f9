package io.castellan.invocation;

/**
 * Where an invocation is. COMPLETED, FAILED, CANCELLED (by an operator or by a newer trigger) and
 * COALESCED (merged into another invocation, which ran it) are final.
 */
public enum InvocationStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED, COALESCED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}

package io.castellan.invocation;

/** Where an invocation is; COMPLETED and FAILED are final. */
public enum InvocationStatus {
    QUEUED, RUNNING, COMPLETED, FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}

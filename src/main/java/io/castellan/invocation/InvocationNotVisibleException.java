package io.castellan.invocation;

/**
 * A trigger's message arrived before its invocation row was visible: the broker's part of the
 * accepting XA transaction committed before the database's. Thrown out of the consumer so the
 * broker delivers the message again a moment later.
 */
public class InvocationNotVisibleException extends RuntimeException {

    public InvocationNotVisibleException(String invocationId) {
        super("invocation " + invocationId + " is not committed yet");
    }
}

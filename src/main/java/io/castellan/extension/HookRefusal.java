package io.castellan.extension;

/** Thrown by a {@link Hook} that refuses a call; its message says why, to the model or in the failed invocation. */
public class HookRefusal extends RuntimeException {

    public HookRefusal(String reason) {
        super(reason);
    }
}

package io.castellan.invocation.execution;

/**
 * Thrown, before anything is written, by a step that finds its invocation must not go on (or,
 * for {@link Stop#WAITING}, after the wait has committed): the loop ends there and its thread
 * with it.
 */
public final class StopSignal extends RuntimeException {

    /**
     * Why the loop stops: a cancel was asked for, the invocation ended elsewhere, it waits durably,
     * or another server took it over (this server's lease had expired: nothing more is written).
     */
    public enum Stop { CANCEL, ENDED, WAITING, FENCED }

    private final Stop stop;

    public StopSignal(Stop stop) {
        super(null, null, false, false);
        this.stop = stop;
    }

    public Stop stop() {
        return stop;
    }
}

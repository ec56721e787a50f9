package io.castellan.invocation;

/**
 * Thrown, before anything is written, by a step that finds its invocation must not go on (or,
 * for {@link Stop#WAITING}, after the wait has committed): the loop ends there and its thread
 * with it.
 */
final class StopSignal extends RuntimeException {

    /** Why the loop stops: a cancel was asked for, the invocation ended elsewhere, or it waits durably. */
    enum Stop { CANCEL, ENDED, WAITING }

    private final Stop stop;

    StopSignal(Stop stop) {
        super(null, null, false, false);
        this.stop = stop;
    }

    Stop stop() {
        return stop;
    }
}

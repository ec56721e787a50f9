package io.castellan.manifest;

/**
 * A process's behavioural health checks: detectors over its recent tool calls and replies, run
 * without any model call. A process without a {@code health} block runs none.
 *
 * @param stuckThreshold         the same tool with identical arguments this many times in a row
 * @param loopDetection          a cycle of 2 to 4 tool calls repeated 3 times in a row
 * @param emptyResponseThreshold this many replies in a row under 10 characters
 * @param errorRateWindow        of the last this many tool calls...
 * @param errorRateThreshold     ...this share failed
 */
public record HealthChecks(
        boolean enabled,
        int stuckThreshold,
        boolean loopDetection,
        int emptyResponseThreshold,
        int errorRateWindow,
        double errorRateThreshold,
        OnUnhealthy onUnhealthy) {

    /** What Castellan does with a process a detector finds unhealthy. */
    public enum OnUnhealthy { PAUSE, STOP, ESCALATE, RESTART }

    public static HealthChecks none() {
        return new HealthChecks(false, 5, true, 3, 10, 0.6, OnUnhealthy.PAUSE);
    }
}

package io.castellan.platform;

/**
 * The seconds the periodic sweeps fire on ({@code @Schedule(second = ...)}): never second 0, the
 * one on which cron schedules fall due. A fleet's minute fires thousands of crons in its first
 * second or two, and every sweep that fired on second 0 took a share of the cores from them (the
 * health check lists every process); spread over different seconds, the sweeps do not all wake
 * at once either.
 */
public final class TimerSeconds {

    /** Every 2 seconds, on the odd ones. */
    public static final String EVERY_2 = "1/2";

    /** Every 5 seconds: 3, 8, 13 ... 58. */
    public static final String EVERY_5 = "3/5";

    /** Every 10 seconds: 6, 16 ... 56. */
    public static final String EVERY_10 = "6/10";

    private TimerSeconds() {
    }
}

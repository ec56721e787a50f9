package io.castellan.mission;

/** Where a mission stands. Only an active mission is evaluated and counted. */
public enum MissionStatus {
    ACTIVE, COMPLETE, STUCK, TIMED_OUT;

    boolean isFinal() {
        return this == COMPLETE || this == TIMED_OUT;
    }
}

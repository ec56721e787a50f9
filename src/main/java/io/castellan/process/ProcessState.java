package io.castellan.process;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The lifecycle of an agent process, with every allowed transition listed. */
public enum ProcessState {
    RUNNING, PAUSED, STOPPED, FAILED;

    private static final Map<ProcessState, Set<ProcessState>> ALLOWED = Map.of(
            RUNNING, EnumSet.of(PAUSED, STOPPED, FAILED),
            PAUSED, EnumSet.of(RUNNING, STOPPED, FAILED),
            STOPPED, EnumSet.of(RUNNING),
            FAILED, EnumSet.of(RUNNING, STOPPED));

    public boolean canBecome(ProcessState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Triggers are accepted while running, and queued while paused. */
    public boolean acceptsTriggers() {
        return this == RUNNING || this == PAUSED;
    }
}

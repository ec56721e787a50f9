package io.castellan.process;

import java.util.EnumSet;
import java.util.Set;

/** What an operator can ask of a process, from which states, and the state it leads to. */
public enum LifecycleAction {
    START(EnumSet.of(ProcessState.STOPPED, ProcessState.FAILED), ProcessState.RUNNING),
    STOP(EnumSet.of(ProcessState.RUNNING, ProcessState.PAUSED, ProcessState.FAILED), ProcessState.STOPPED),
    PAUSE(EnumSet.of(ProcessState.RUNNING), ProcessState.PAUSED),
    RESUME(EnumSet.of(ProcessState.PAUSED), ProcessState.RUNNING);

    private final Set<ProcessState> from;
    private final ProcessState target;

    LifecycleAction(Set<ProcessState> from, ProcessState target) {
        this.from = from;
        this.target = target;
    }

    public boolean allowedFrom(ProcessState state) {
        return from.contains(state) && state.canBecome(target);
    }

    public ProcessState target() {
        return target;
    }
}

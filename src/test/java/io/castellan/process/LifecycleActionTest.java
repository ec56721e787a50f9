package io.castellan.process;

import static io.castellan.process.ProcessState.FAILED;
import static io.castellan.process.ProcessState.PAUSED;
import static io.castellan.process.ProcessState.RUNNING;
import static io.castellan.process.ProcessState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifecycleActionTest {

    @Test
    void eachActionIsAllowedOnlyFromItsStates() {
        assertThat(LifecycleAction.START.allowedFrom(STOPPED)).isTrue();
        assertThat(LifecycleAction.START.allowedFrom(FAILED)).isTrue();
        assertThat(LifecycleAction.START.allowedFrom(PAUSED)).isFalse();
        assertThat(LifecycleAction.PAUSE.allowedFrom(RUNNING)).isTrue();
        assertThat(LifecycleAction.PAUSE.allowedFrom(STOPPED)).isFalse();
        assertThat(LifecycleAction.RESUME.allowedFrom(PAUSED)).isTrue();
        assertThat(LifecycleAction.RESUME.allowedFrom(FAILED)).isFalse();
        assertThat(LifecycleAction.STOP.allowedFrom(PAUSED)).isTrue();
        assertThat(LifecycleAction.STOP.allowedFrom(FAILED)).isTrue();
    }

    @Test
    void onlyRunningAndPausedProcessesAcceptTriggers() {
        assertThat(RUNNING.acceptsTriggers()).isTrue();
        assertThat(PAUSED.acceptsTriggers()).isTrue();
        assertThat(STOPPED.acceptsTriggers()).isFalse();
        assertThat(FAILED.acceptsTriggers()).isFalse();
    }

    @Test
    void aStoppedProcessCannotFailAndAFailedOneCannotPause() {
        assertThat(STOPPED.canBecome(FAILED)).isFalse();
        assertThat(FAILED.canBecome(PAUSED)).isFalse();
        assertThat(RUNNING.canBecome(FAILED)).isTrue();
    }
}

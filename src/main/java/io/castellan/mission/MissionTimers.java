package io.castellan.mission;

import io.castellan.process.ProcessAlarm;
import io.castellan.process.ProcessAlarms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;

/** A mission's max_duration, as a process alarm: it rings once, even after downtime. */
@ApplicationScoped
public class MissionTimers {

    static final String ALARM = "mission-deadline";

    @Inject
    private ProcessAlarms alarms;

    @Inject
    private Missions missions;

    public void schedule(String process, Instant at) {
        alarms.set(ALARM, process, at, null);
    }

    public void cancel(String process) {
        alarms.cancel(ALARM, process);
    }

    void durationEnded(@Observes ProcessAlarm.Rang rang) {
        if (ALARM.equals(rang.kind())) {
            missions.durationEnded(rang.process());
        }
    }
}

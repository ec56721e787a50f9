package io.castellan.mission;

import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Date;

/** A mission's max_duration, as a persistent single-action timer: it fires once, even after downtime. */
@Singleton
public class MissionTimers {

    @Resource
    private TimerService timerService;

    @Inject
    private Missions missions;

    public void schedule(String process, Instant at) {
        timerService.createSingleActionTimer(Date.from(at), new TimerConfig(process, true));
    }

    public void cancel(String process) {
        for (Timer timer : timerService.getTimers()) {
            if (process.equals(timer.getInfo())) {
                timer.cancel();
            }
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void durationEnded(Timer timer) {
        missions.durationEnded((String) timer.getInfo());
    }
}

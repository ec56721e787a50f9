package io.castellan.process;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one timer behind every process alarm: each second it rings those that are due. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AlarmTick {

    private static final Logger LOG = Logger.getLogger(AlarmTick.class.getName());
    private static final int BATCH = 200;

    @Inject
    private ProcessAlarms alarms;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void ringDue() {
        Instant now = Instant.now();
        for (String id : alarms.due(now, BATCH)) {
            try {
                alarms.ring(id, now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Alarm {0} could not act; it rings again in a second: {1}", new Object[]{id, e.getMessage()});
            }
        }
    }
}

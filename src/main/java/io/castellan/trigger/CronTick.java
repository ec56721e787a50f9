package io.castellan.trigger;

import io.castellan.invocation.execution.WakeUps;
import io.castellan.platform.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one timer behind every cron trigger: each second it fires the schedules that are due, in
 * batches of one transaction each. A batch that fails (a process that refuses its trigger) is
 * fired again one schedule at a time, so one bad schedule delays no other; while the broker or
 * the database does not answer, schedules stay due and fire once it does.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CronTick {

    private static final Logger LOG = Logger.getLogger(CronTick.class.getName());

    @Inject
    private CronFiring firing;

    @Inject
    private WakeUps wakeUps;

    @PostConstruct
    void backfill() {
        try {
            firing.backfill();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Cron: could not give schedules to processes that had none; redeploy them: {0}", e.getMessage());
        }
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void fireDue() {
        Instant now = Instant.now();
        // the invocations start once every due schedule has fired, not beside the batches still to come
        wakeUps.afterAll(() -> fireAll(now));
    }

    private void fireAll(Instant now) {
        long started = System.nanoTime();
        int fired = 0;
        try {
            int batch;
            do {
                batch = firing.fireDue(now);
                fired += batch;
            } while (batch == CronFiring.BATCH);
            if (fired > CronFiring.BATCH) {
                // a busy minute: how long its schedules took to fire is what an operator sizing a fleet needs
                LOG.info(String.format("Cron: fired %d schedules due by %s in %d ms", fired, now, (System.nanoTime() - started) / 1_000_000));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Cron: a batch failed; firing one by one", e);
            oneByOne(now);
        }
    }

    private void oneByOne(Instant now) {
        for (int i = 0; i < CronFiring.BATCH; i++) {
            Optional<CronFiring.Tick> tick = firing.oldestDue(now);
            if (tick.isEmpty()) {
                return;
            }
            try {
                firing.accept(tick.get());
            } catch (ProblemException e) {
                // the process refuses it (gone, stopped): this tick is skipped, the schedule goes on
                LOG.warning(() -> "Cron trigger of " + tick.get().process() + " not accepted: " + e.getMessage());
            } catch (RuntimeException e) {
                // the broker or the database is not there yet: the schedule stays due for the next second
                LOG.log(Level.WARNING, "Cron: cannot accept triggers now; trying again in a second: {0}", e.getMessage());
                return;
            }
            firing.advance(tick.get().id(), now);
        }
    }
}

package io.castellan.trigger;

import io.castellan.invocation.execution.WakeUps;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.process.Processes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one timer behind every cron trigger: each second it fires the schedules that are due, in
 * batches of one transaction each; a minute with more than a batch fires on several lanes at once
 * ({@link CronLanes}: each lane its own processes). A batch that fails (the database, a fault, a
 * tick whose trigger was accepted before) is fired again one schedule at a time, so one bad schedule
 * delays no other for long; while the broker or the database does not answer, schedules stay due
 * and fire once it does.
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

    /** Carries the application's context onto the lanes' threads. */
    @Resource(lookup = "java:comp/DefaultContextService")
    private ContextService contexts;

    /**
     * A big minute's schedules fire on this many threads at once, each its own processes' (one
     * per core, at most four: the accepts are CPU work, and more lanes only wait on each other's
     * database commits).
     */
    private static final int LANES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    @Inject
    private CronWarmUp warmUp;

    /** The warm-up waits this long after the application's start: the server's own start is over by then. */
    private static final Duration WARM_UP_AFTER = Duration.ofSeconds(10);

    /** No rehearsal from this second of a minute on: most schedules fall due at its end. */
    private static final int LAST_WARM_UP_SECOND = 55;

    @Inject
    private Processes processes;

    /**
     * Where the read-ahead of the scheduled processes' manifests goes on (null: done or not wanted).
     * Each accept reads its process's manifest, parsed once per server: a fleet's first minute after a
     * start parsed them all while it fired.
     */
    private String readAheadAfter;
    private int readAheadCount;

    private int warmUpRounds;
    private Instant warmUpFrom = Instant.MAX;
    private int warmUpsDone;
    private long warmUpNanos;

    @PostConstruct
    void backfill() {
        try {
            firing.backfill();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Cron: could not give schedules to processes that had none; redeploy them: {0}", e.getMessage());
        }
        try {
            warmUpRounds = CronWarmUp.roundsFor(warmUp.schedules());
            readAheadAfter = warmUpRounds > 0 ? "" : null;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cron: no warm-up after this start: {0}", e.getMessage());
        }
        warmUpFrom = Instant.now().plus(WARM_UP_AFTER);
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void fireDue() {
        Instant now = Instant.now();
        // the invocations start once every due schedule has fired, not beside the batches still to come
        boolean[] due = new boolean[1];
        wakeUps.afterAll(() -> due[0] = fireAll(now));
        if (!due[0] && (readAheadAfter != null || warmUpRounds > 0)) {
            warmUp(now);
        }
    }

    /**
     * A page of the read-ahead, else one rehearsal round ({@link CronWarmUp}), in a second in which
     * nothing was due, once the start is over and not in a minute's last seconds: a real schedule
     * never waits for one.
     */
    private void warmUp(Instant now) {
        if (now.isBefore(warmUpFrom) || now.atZone(ZoneOffset.UTC).getSecond() >= LAST_WARM_UP_SECOND) {
            return;
        }
        if (readAheadAfter != null) {
            readAhead();
            return;
        }
        long started = System.nanoTime();
        try {
            // on a thread of its own, as a lane: its transaction is its own, outside this bean's
            int[] round = new int[1];
            RuntimeException[] failure = new RuntimeException[1];
            joinUninterruptibly(Thread.ofVirtual().name("castellan-cron-warm-up").start(contexts.contextualRunnable(() -> {
                try {
                    round[0] = warmUp.round();
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            })));
            if (failure[0] != null) {
                throw failure[0];
            }
            int fired = round[0];
            warmUpNanos += System.nanoTime() - started;
            warmUpsDone++;
            warmUpRounds = fired == CronFiring.BATCH ? warmUpRounds - 1 : 0;
            if (warmUpRounds == 0) {
                LOG.info(String.format("Cron: warmed up by rehearsing %d batch(es) of %d stand-in schedules in %d ms, nothing kept",
                        warmUpsDone, CronFiring.BATCH, warmUpNanos / 1_000_000));
            }
        } catch (RuntimeException e) {
            warmUpRounds = 0;
            LOG.log(Level.WARNING, "Cron: the warm-up stopped; the first busy minute runs cold: {0}", e.getMessage());
        }
    }

    /** The next page of the scheduled processes' manifests, parsed into the cache. */
    private void readAhead() {
        try {
            List<CronFiring.Scheduled> page = firing.scheduled(readAheadAfter, CronFiring.BATCH);
            for (CronFiring.Scheduled scheduled : page) {
                processes.readAhead(scheduled.process(), scheduled.version(), scheduled.manifestText());
            }
            readAheadCount += page.size();
            readAheadAfter = page.size() < CronFiring.BATCH ? null : page.get(page.size() - 1).process();
            if (readAheadAfter == null) {
                LOG.info(String.format("Cron: read ahead the manifests of %d scheduled process(es)", readAheadCount));
            }
        } catch (RuntimeException e) {
            readAheadAfter = null;
            LOG.log(Level.WARNING, "Cron: the manifests' read-ahead stopped; the first busy minute reads them: {0}", e.getMessage());
        }
    }

    /** @return whether anything was due (or the due read failed): a second for firing, not for a warm-up */
    private boolean fireAll(Instant now) {
        long started = System.nanoTime();
        List<List<String>> lanes;
        try {
            lanes = CronLanes.split(firing.due(now), LANES);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cron: cannot read the due schedules now; trying again in a second: {0}", e.getMessage());
            return true;
        }
        if (lanes.isEmpty()) {
            return false;
        }
        AtomicInteger fired = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Thread> others = new ArrayList<>();
        for (int i = 1; i < lanes.size(); i++) {
            List<String> lane = lanes.get(i);
            Runnable fire = wakeUps.sharingHold(() -> fireLane(now, lane, fired, failed));
            others.add(Thread.ofVirtual().name("castellan-cron-lane-" + i).start(contexts.contextualRunnable(fire)));
        }
        fireLane(now, lanes.get(0), fired, failed);
        for (Thread other : others) {
            joinUninterruptibly(other);
        }
        if (failed.get()) {
            oneByOne(now);
        } else if (fired.get() > CronFiring.BATCH) {
            // a busy minute: how long its schedules took to fire is what an operator sizing a fleet needs
            LOG.info(String.format("Cron: fired %d schedules due by %s in %d ms", fired.get(), now, (System.nanoTime() - started) / 1_000_000));
        }
        return true;
    }

    /** Fires one lane's schedules, a batch at a time; a batch that fails stops the lane (the rest fire one by one). */
    private void fireLane(Instant now, List<String> lane, AtomicInteger fired, AtomicBoolean failed) {
        try {
            for (int from = 0; from < lane.size() && !failed.get(); from += CronFiring.BATCH) {
                fired.addAndGet(firing.fire(now, lane.subList(from, Math.min(lane.size(), from + CronFiring.BATCH)),
                        TriggerIntake.Repeats.FAIL_BATCH));
            }
        } catch (RuntimeException e) {
            // seen: a batch fails only when the database does, on a fault of ours, or on a repeat left by one (a refusal fails no batch)
            LOG.log(Level.WARNING, "Cron: a batch of schedules could not fire together ({0}); firing them one by one", e.getMessage());
            failed.set(true);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After a batch failed: up to a batch of the oldest due schedules, each in a transaction of its
     * own that looks for its tick's earlier accept (a repeat is a no-op; a refusal skips the tick),
     * so one schedule that cannot fire holds up no other's batch.
     */
    private void oneByOne(Instant now) {
        for (int i = 0; i < CronFiring.BATCH; i++) {
            Optional<String> id = firing.oldestDue(now);
            if (id.isEmpty()) {
                return;
            }
            try {
                firing.fire(now, List.of(id.get()), TriggerIntake.Repeats.LOOKED_UP);
            } catch (RuntimeException e) {
                // the broker or the database is not there yet: the schedule stays due for the next second
                LOG.log(Level.WARNING, "Cron: cannot accept triggers now; trying again in a second: {0}", e.getMessage());
                return;
            }
        }
    }
}

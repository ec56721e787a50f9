package io.castellan.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.manifest.CronSchedule;
import io.castellan.manifest.Manifest;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Fires the cron schedules that are due: each accepts one trigger (its dedup key names the tick, so
 * a repeat by another server or after a crash is a no-op) and moves to its next time. A schedule
 * missed during downtime is due once and fires once, for its latest tick.
 */
@ApplicationScoped
public class CronFiring {

    /** Schedules fired in one transaction: one commit for the whole batch. */
    static final int BATCH = 500;

    private static final Logger LOG = Logger.getLogger(CronFiring.class.getName());

    @PersistenceContext
    private EntityManager em;

    @Inject
    private TriggerIntake intake;

    @Inject
    private Processes processes;

    @Inject
    private CronTimers cronTimers;

    /** At most this many due schedules are read at once; the rest fire in the next second. */
    static final int MAX_DUE = 50_000;

    /** A due schedule, and the process it triggers. */
    record Due(String id, String process) {
    }

    /** The schedules due by {@code now}, oldest first, not locked: each batch that fires some locks them. */
    @Transactional
    List<Due> due(Instant now) {
        return em.createQuery("select c.id, c.processName from CronEntry c where c.nextFireAt <= :now order by c.nextFireAt, c.id",
                        Object[].class)
                .setParameter("now", now)
                .setMaxResults(MAX_DUE)
                .getResultStream()
                .map(row -> new Due((String) row[0], (String) row[1]))
                .toList();
    }

    /**
     * Fires these schedules (at most {@link #BATCH}), those still due, in one transaction: their
     * triggers accepted together ({@link TriggerIntake#acceptBatch}: the checks read in a few
     * queries for the whole batch, the invocations started after the commit), their schedules
     * moved on. The schedules are locked first, oldest first (ties by id, the same order on every
     * server): another server's timer that fires them too waits for this commit, and its repeats
     * are no-ops (the dedup key names the tick). Nothing in the batch needs to see its own writes
     * before the commit, so queries do not flush first (Hibernate checks every entity it holds at
     * each flush: per trigger, that made a batch cost the square of its size). A process that
     * refuses its trigger skips that tick; its schedule goes on.
     *
     * @return how many of them were still due
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int fire(Instant now, List<String> ids) {
        List<CronEntry> due = em.createQuery("select c from CronEntry c where c.id in :ids and c.nextFireAt <= :now"
                        + " order by c.nextFireAt, c.id", CronEntry.class)
                .setParameter("ids", ids)
                .setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        em.setFlushMode(FlushModeType.COMMIT);
        List<TriggerIntake.Trigger> triggers = new ArrayList<>(due.size());
        // a fleet's schedules are few and fall due together: each tick and next time worked out once a batch
        Map<String, Times> times = new HashMap<>();
        for (CronEntry entry : due) {
            CronSchedule schedule = entry.schedule();
            Times fire = times.computeIfAbsent(schedule.expression() + "\n" + schedule.timezone() + "\n" + entry.nextFireAt(),
                    k -> new Times(schedule.latest(now).orElse(entry.nextFireAt()), schedule.next(now)));
            triggers.add(new TriggerIntake.Trigger(entry.processName(), TriggerKind.CRON, entry.expression(),
                    payload(entry.expression(), fire.tick()), dedupKey(entry.version(), entry.index(), fire.tick())));
            moveOn(entry, fire.next());
        }
        for (String refusal : intake.acceptBatch(triggers)) {
            LOG.warning(() -> "Cron trigger not accepted: " + refusal);
        }
        return due.size();
    }

    /** A schedule's tick to fire, for the one-by-one path. */
    public record Tick(String id, String process, int version, int index, String expression, Instant at) {
    }

    /** The oldest due schedule and the tick it would fire now. */
    @Transactional
    public Optional<Tick> oldestDue(Instant now) {
        return em.createQuery("select c from CronEntry c where c.nextFireAt <= :now order by c.nextFireAt, c.id", CronEntry.class)
                .setParameter("now", now).setMaxResults(1).getResultStream().findFirst()
                .map(c -> new Tick(c.id(), c.processName(), c.version(), c.index(), c.expression(),
                        c.schedule().latest(now).orElse(c.nextFireAt())));
    }

    /** Accepts the tick's trigger in a transaction of its own; a repeat is a no-op. */
    public void accept(Tick tick) {
        intake.accept(tick.process(), TriggerKind.CRON, tick.expression(), payload(tick.expression(), tick.at()),
                dedupKey(tick.version(), tick.index(), tick.at()));
    }

    /** Moves the schedule past {@code now}. */
    @Transactional(TxType.REQUIRES_NEW)
    public void advance(String id, Instant now) {
        CronEntry entry = em.find(CronEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (entry != null && !entry.nextFireAt().isAfter(now)) {
            moveOn(entry, entry.schedule(), now);
        }
    }

    /** A due schedule's tick (the latest at or before now) and its next time after now. */
    private record Times(Instant tick, Optional<Instant> next) {
    }

    private void moveOn(CronEntry entry, CronSchedule schedule, Instant now) {
        moveOn(entry, schedule.next(now));
    }

    private void moveOn(CronEntry entry, Optional<Instant> next) {
        if (next.isPresent()) {
            entry.firesNextAt(next.get());
        } else {
            em.remove(entry);
        }
    }

    private static ObjectNode payload(String expression, Instant tick) {
        return Json.object().put("schedule", expression).put("fired_at", tick.toString());
    }

    /** One real-world trigger per schedule and tick, whichever server fires it, however often. */
    private static String dedupKey(int version, int index, Instant tick) {
        return "cron:" + version + ":" + index + ":" + tick;
    }

    /**
     * At start-up: schedules for processes that accept triggers and have cron triggers but no rows
     * (their cron timers were made by an older Castellan, as persistent EJB timers).
     *
     * @return how many processes were given schedules
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int backfill() {
        // a set: a fleet's start asks it once per process
        Set<String> scheduled = new HashSet<>(em.createQuery("select distinct c.processName from CronEntry c", String.class).getResultList());
        int filled = 0;
        String after = null;
        List<AgentProcess> page;
        do {
            page = processes.list(after, 500);
            for (AgentProcess process : page) {
                after = process.name();
                if (!process.state().acceptsTriggers() || scheduled.contains(process.name())) {
                    continue;
                }
                Manifest manifest = processes.manifest(process.name(), process.version());
                cronTimers.schedule(process.name(), process.version(), manifest, Instant.now());
                filled += manifest.cronTriggers().isEmpty() ? 0 : 1;
            }
        } while (page.size() == 500);
        if (filled > 0) {
            LOG.info("Cron: gave schedules to " + filled + " process(es) whose cron triggers had none");
        }
        return filled;
    }
}

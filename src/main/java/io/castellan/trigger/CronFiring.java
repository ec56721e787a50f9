package io.castellan.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.manifest.CronSchedule;
import io.castellan.manifest.Manifest;
import io.castellan.platform.Json;
import io.castellan.platform.SqlLists;
import io.castellan.process.AgentProcess;
import io.castellan.process.ManifestSieve;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.hibernate.jpa.HibernateHints;
import org.hibernate.query.NativeQuery;

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
     * moved on in the same commit. The schedules are locked first, oldest first (ties by id, the
     * same order on every server): another server's timer that fires them too waits for this
     * commit, then finds them no longer due. Nothing in the batch needs to see its own writes
     * before the commit, so queries do not flush first (Hibernate checks every entity it holds at
     * each flush: per trigger, that made a batch cost the square of its size). A process that
     * refuses its trigger skips that tick; its schedule goes on.
     *
     * <p>Since a tick's trigger and its schedule's move commit together, a schedule still due has
     * not had its tick accepted, and a lane need not look for repeats ({@link
     * TriggerIntake.Repeats#FAIL_BATCH}): one left by a fault (or by an older Castellan, which committed
     * the two apart on its one-by-one path) fails its batch into {@link CronTick}'s one-by-one path, which looks.
     *
     * @return how many of them were still due
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int fire(Instant now, List<String> ids, TriggerIntake.Repeats repeats) {
        return fireHere(now, ids, repeats);
    }

    /** {@link #fire}'s work in the caller's transaction: the warm-up's, which rolls it back ({@link CronWarmUp}). */
    @Transactional(TxType.MANDATORY)
    int fireInCallersTransaction(Instant now, List<String> ids) {
        return fireHere(now, ids, TriggerIntake.Repeats.FAIL_BATCH);
    }

    private int fireHere(Instant now, List<String> ids, TriggerIntake.Repeats repeats) {
        // the ids as one array (SqlLists.array), locked for update
        List<CronEntry> due = em.createNativeQuery("select * from cron_schedule where id = any(?1) and next_fire_at <= ?2"
                        + " order by next_fire_at, id for update", CronEntry.class)
                .setParameter(1, SqlLists.array(ids))
                .setParameter(2, now)
                // moved on by one update per next time below: none of them is ever dirty, so none is checked at the flush
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .unwrap(NativeQuery.class)
                .addSynchronizedEntityClass(CronEntry.class)
                .getResultList();
        em.setFlushMode(FlushModeType.COMMIT);
        List<TriggerIntake.Trigger> triggers = new ArrayList<>(due.size());
        // a fleet's schedules are few and fall due together: each tick and next time worked out once a batch
        Map<String, Times> times = new HashMap<>();
        Map<Optional<Instant>, List<String>> movesTo = new HashMap<>();
        for (CronEntry entry : due) {
            CronSchedule schedule = entry.schedule();
            Times fire = times.computeIfAbsent(schedule.expression() + "\n" + schedule.timezone() + "\n" + entry.nextFireAt(),
                    k -> new Times(schedule.latest(now).orElse(entry.nextFireAt()), schedule.next(now)));
            triggers.add(new TriggerIntake.Trigger(entry.processName(), TriggerKind.CRON, entry.expression(),
                    payload(entry.expression(), fire.tick()), dedupKey(entry.version(), entry.index(), fire.tick())));
            movesTo.computeIfAbsent(fire.next(), n -> new ArrayList<>()).add(entry.id());
        }
        for (String refusal : intake.acceptBatch(triggers, repeats)) {
            LOG.warning(() -> "Cron trigger not accepted: " + refusal);
        }
        movesTo.forEach(this::moveOn);
        return due.size();
    }

    /** A scheduled process's current version and its manifest's text. */
    public record Scheduled(String process, int version, String manifestText) {
    }

    /** A page of the processes with schedules, by name after {@code after}: their current versions' manifests. */
    @Transactional
    public List<Scheduled> scheduled(String after, int limit) {
        return em.createQuery("select p.name, p.version, v.manifestText from AgentProcess p, ProcessVersion v"
                        + " where v.processName = p.name and v.version = p.version and p.name > :after"
                        + " and exists (select c.id from CronEntry c where c.processName = p.name) order by p.name", Object[].class)
                .setParameter("after", after)
                .setMaxResults(limit)
                .getResultStream()
                .map(row -> new Scheduled((String) row[0], (Integer) row[1], (String) row[2]))
                .toList();
    }

    /** The oldest due schedule's id. */
    @Transactional
    public Optional<String> oldestDue(Instant now) {
        return em.createQuery("select c.id from CronEntry c where c.nextFireAt <= :now order by c.nextFireAt, c.id", String.class)
                .setParameter("now", now).setMaxResults(1).getResultStream().findFirst();
    }

    /** A due schedule's tick (the latest at or before now) and its next time after now. */
    private record Times(Instant tick, Optional<Instant> next) {
    }

    /**
     * These schedules to their next time, or gone when they have none: one statement for all (a
     * fleet's minute moves hundreds to the same time; as entities, each was an update of its own).
     */
    private void moveOn(Optional<Instant> next, List<String> ids) {
        (next.isPresent()
                ? em.createNativeQuery("update cron_schedule set next_fire_at = ?2 where id = any(?1)").setParameter(2, next.get())
                : em.createNativeQuery("delete from cron_schedule where id = any(?1)"))
                .setParameter(1, SqlLists.array(ids))
                .unwrap(NativeQuery.class)
                .addSynchronizedEntityClass(CronEntry.class)
                .executeUpdate();
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
     * (their cron timers were made by an older Castellan, as persistent EJB timers). Only the
     * processes without rows whose manifests may say {@code cron} are read ({@link ManifestSieve}):
     * a fleet's start read and parsed every process before the server was ready.
     *
     * @return how many processes were given schedules
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int backfill() {
        List<AgentProcess> unscheduled = ManifestSieve.bind(em.createQuery("select p from AgentProcess p, ProcessVersion v"
                + " where v.processName = p.name and v.version = p.version and " + ManifestSieve.CONDITION
                + " and not exists (select c.id from CronEntry c where c.processName = p.name) order by p.name", AgentProcess.class), "cron")
                .getResultList();
        int filled = 0;
        for (AgentProcess process : unscheduled) {
            if (process.state().acceptsTriggers()) {
                Manifest manifest = processes.manifest(process.name(), process.version());
                cronTimers.schedule(process.name(), process.version(), manifest, Instant.now());
                filled += manifest.cronTriggers().isEmpty() ? 0 : 1;
            }
        }
        if (filled > 0) {
            LOG.info("Cron: gave schedules to " + filled + " process(es) whose cron triggers had none");
        }
        return filled;
    }
}

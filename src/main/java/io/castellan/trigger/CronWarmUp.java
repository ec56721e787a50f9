package io.castellan.trigger;

import io.castellan.cluster.ThisServer;
import io.castellan.manifest.CronSchedule;
import io.castellan.process.Processes;
import io.castellan.process.StandIns;
import io.castellan.telemetry.Tracing;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transactional;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Rehearses a cron minute's firing after a start, so that a fleet's first busy minute runs
 * compiled code. HotSpot keeps no compiled code across runs: right after a restart a minute of
 * 10,000 schedules was accepted in twice the time of the same minute warm, its first batch four
 * times slower, the lanes sharing the cores with the JIT (docs/performance.md, sessions 49-52).
 *
 * <p>A round is a batch of {@link CronFiring#BATCH} stand-in processes ({@link StandIns}) with a due
 * schedule each, fired through the path a real batch takes and rolled back, always: nothing of it
 * is ever committed, no wake-up goes (they go after a commit), no span is recorded. The rows are
 * new and uncommitted, so no other transaction waits for them, and their names are this server's
 * and no manifest's. {@link CronTick} runs a round only in a second in which nothing was due and
 * not in a minute's last five, so a minute's firing does not wait for one (a schedule falling due
 * during a round, at another second, waits for that round: well under a second).
 */
@ApplicationScoped
public class CronWarmUp {

    /** Rounds at most: as many batches as a minute of 10,000 schedules fires (10 left it a fifth slower than warm). */
    static final int MAX_ROUNDS = 20;

    private static final String MANIFEST = """
            name: cron-warm-up
            model: scripted
            script: [{reply: ok}]
            triggers: [{cron: "* * * * *"}]
            """;

    @PersistenceContext
    private EntityManager em;

    @Resource
    private UserTransaction transaction;

    @Inject
    private CronFiring firing;

    @Inject
    private Processes processes;

    @Inject
    private Tracing tracing;

    /** How many rounds a fleet with this many schedules gets: none below two batches, whose minute is quick cold. */
    static int roundsFor(long schedules) {
        return schedules < 2L * CronFiring.BATCH ? 0 : (int) Math.min(MAX_ROUNDS, schedules / CronFiring.BATCH);
    }

    /** The schedules there are now, on every server. */
    @Transactional
    long schedules() {
        return em.createQuery("select count(c) from CronEntry c", Long.class).getSingleResult();
    }

    /**
     * One round: a batch of stand-ins fired and rolled back.
     *
     * @return how many of their schedules the rehearsal fired (all of them, unless the path failed)
     */
    public int round() {
        List<String> names = names();
        CronSchedule everyMinute = CronSchedule.ofDeployed("* * * * *", "UTC");
        Instant now = Instant.now();
        try {
            transaction.begin();
            try {
                StandIns.persist(em, names, MANIFEST, now);
                List<String> ids = new ArrayList<>(names.size());
                for (String name : names) {
                    CronEntry entry = new CronEntry(name, 0, 1, everyMinute, now.minusSeconds(60));
                    em.persist(entry);
                    ids.add(entry.id());
                }
                em.flush();
                int[] fired = new int[1];
                tracing.quietly(() -> fired[0] = firing.fireInCallersTransaction(now, ids));
                return fired[0];
            } finally {
                // whatever happened above: nothing of a rehearsal is kept
                if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                    transaction.rollback();
                }
                names.forEach(name -> processes.forget(name, 1));
            }
        } catch (jakarta.transaction.NotSupportedException | SystemException e) {
            throw new IllegalStateException("cannot begin the cron warm-up's transaction: " + e.getMessage(), e);
        }
    }

    /** The stand-ins' names: this server's ({@code ~} is in no manifest's name), the same each round. */
    public static List<String> names() {
        String server = Integer.toHexString(ThisServer.NAME.hashCode());
        return IntStream.range(0, CronFiring.BATCH).mapToObj(i -> "~warm-up~" + server + "~" + i).toList();
    }
}

package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.Invocations;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.manifest.CronSchedule;
import io.castellan.platform.Json;
import io.castellan.process.LifecycleAction;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.assertj.core.util.Throwables;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch of accepts in one transaction (how a cron minute fires): each trigger accepted once,
 * however often it appears; a refused one refused alone; two for one process run one after the
 * other, in order; every accepted one runs to its end after the commit. And a minute with more
 * schedules due than one batch holds (600, as after downtime): the cron timer fires it in batches,
 * on several lanes where the machine has the cores, and every schedule fires exactly once, for
 * its latest tick, and moves on to its next time, also when one of its ticks was accepted before
 * (the batch that holds it fails on the unique dedup key and fires again one schedule at a time);
 * a batch told to leave repeats to that key fails whole on one, keeping nothing. Each process's
 * journal sequence number, which a batch writes for all its processes in one statement, is its
 * journal's last, also for a process whose row the batch changed otherwise too (superseding its
 * invocation).
 */
@ExtendWith(ArquillianExtension.class)
class BatchIntakeArqIT {

    /** A minute bigger than one cron batch: 60 processes with 10 cron triggers each. */
    private static final int MINUTE_PROCESSES = 60;
    private static final int MINUTE_CRONS = 10;

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(BatchIntakeArqIT.class, CommitOnlyFlush.class);
    }

    @Inject
    private Processes processes;

    @Inject
    private TriggerIntake intake;

    @Inject
    private Invocations invocations;

    @Resource(lookup = "java:comp/UserTransaction")
    private UserTransaction transaction;

    @Resource(lookup = "jdbc/castellan")
    private DataSource database;

    @Inject
    private CommitOnlyFlush commitOnlyFlush;

    @Test
    void aBatchAcceptsEachTriggerOnceAndRefusesAlone() throws Exception {
        String prefix = "arq-batch-" + UUID.randomUUID().toString().substring(0, 8);
        String a = deploy(prefix + "-a");
        String b = deploy(prefix + "-b");
        String stopped = deploy(prefix + "-s");
        processes.act(stopped, LifecycleAction.STOP, "test");
        String earlier = acceptedAlone(a, "k0");
        assertThat(invocations.statusOf(earlier)).isEqualTo(InvocationStatus.COMPLETED);

        List<String> refusals = committed(() -> intake.acceptBatch(List.of(
                trigger(a, "k0"), // accepted before: a no-op
                trigger(a, "k1"), trigger(a, "k2"), // two for one process: the second waits for the first
                trigger(b, "k1"), trigger(b, "k1"), // one trigger twice in the batch: accepted once
                trigger(prefix + "-none", "k1"), trigger(stopped, "k1")), TriggerIntake.Repeats.LOOKED_UP));

        assertThat(refusals).hasSize(2);
        assertThat(refusals.get(0)).contains(prefix + "-none");
        assertThat(refusals.get(1)).contains(stopped, "STOPPED");
        List<Invocation> ofA = completed(a, 3);
        assertThat(ofA).extracting(Invocation::dedupKey).containsExactly("k0", "k1", "k2");
        assertThat(ofA.get(2).startedAt()).as("k2 ran after k1 ended").isAfterOrEqualTo(ofA.get(1).finishedAt());
        assertThat(completed(b, 1)).extracting(Invocation::reply).containsExactly("done k1");
        assertThat(invocations.list(stopped, null, null, null, 10)).isEmpty();
    }

    @Test
    void aDedupKeyWithTheNulCharacterIsFoundAsItIsStored() throws Exception {
        // a text column keeps U+0000 as U+FFFD (StorableText): the batch's lookup, a native query, must ask for that
        String prefix = "arq-batch-" + UUID.randomUUID().toString().substring(0, 8);
        String a = deploy(prefix + "-a");
        String b = deploy(prefix + "-b");
        String earlier = acceptedAlone(a, "k\u0000");

        assertThat(committed(() -> intake.acceptBatch(List.of(trigger(a, "k\u0000"), trigger(b, "n\u0000"), trigger(b, "n\u0000")),
                TriggerIntake.Repeats.LOOKED_UP))).isEmpty();

        assertThat(invocations.list(a, null, null, null, 10)).extracting(Invocation::id).as("accepted before: a no-op").containsExactly(earlier);
        assertThat(completed(b, 1)).extracting(Invocation::dedupKey).as("twice in the batch: accepted once").containsExactly("n\uFFFD");
    }

    @Test
    void aBatchThatLeavesRepeatsToTheUniqueKeyFailsWholeOnOne() throws Exception {
        String prefix = "arq-batch-" + UUID.randomUUID().toString().substring(0, 8);
        String a = deploy(prefix + "-a");
        String b = deploy(prefix + "-b");
        String earlier = acceptedAlone(a, "k0");

        transaction.begin();
        assertThatThrownBy(() -> {
            try {
                intake.acceptBatch(List.of(trigger(b, "k1"), trigger(a, "k0"), trigger(a, "k1")), TriggerIntake.Repeats.FAIL_BATCH);
            } finally {
                transaction.rollback();
            }
        }).as("the repeat breaks the unique dedup key")
                .satisfies(e -> assertThat(Throwables.getStackTrace(e)).containsIgnoringCase("ux_invocation_dedup"));

        assertThat(invocations.list(a, null, null, null, 10)).extracting(Invocation::id).containsExactly(earlier);
        assertThat(invocations.list(b, null, null, null, 10)).as("nothing of the failed batch is kept").isEmpty();
    }

    @Test
    void aBatchRolledBackAfterItsWritesKeepsNoneOfThem() throws Exception {
        String prefix = "arq-batch-" + UUID.randomUUID().toString().substring(0, 8);
        String a = deploy(prefix + "-a");
        long entries = count("select count(*) from journal_entry where process_name = ?", a);
        long seq = count("select journal_seq from agent_process where name = ?", a);

        transaction.begin();
        try {
            commitOnlyFlush.set();
            assertThat(intake.acceptBatch(List.of(trigger(a, "k1"), trigger(a, "k2")), TriggerIntake.Repeats.FAIL_BATCH)).isEmpty();
            // written by the time the batch returns (its flush at the end), in this transaction: seen here, and taken by the rollback
            assertThat(count("select count(*) from invocation where process_name = ?", a)).isEqualTo(2);
        } finally {
            transaction.rollback();
        }

        assertThat(count("select count(*) from invocation where process_name = ?", a)).isZero();
        assertThat(count("select count(*) from journal_entry where process_name = ?", a)).isEqualTo(entries);
        assertThat(count("select journal_seq from agent_process where name = ?", a)).isEqualTo(seq);
    }

    @Test
    void aBatchWritesEachProcesssJournalSequenceAndWhatElseItChanged() throws Exception {
        String prefix = "arq-batch-" + UUID.randomUUID().toString().substring(0, 8);
        String a = deploy(prefix + "-a");
        // busy in a wait that outlasts the test, and interrupted by a newer trigger: the batch changes its row's run slot too
        String busy = prefix + "-i";
        processes.deploy("name: %s\nmodel: scripted\non_busy: interrupt\ntools: [wait]\nscript: [{tool: wait, args: {seconds: 3600}}, {reply: late}]\n"
                .formatted(busy), "test");
        TriggerIntake.Trigger first = trigger(busy, "k0");
        String waiting = intake.accept(busy, first.kind(), first.ref(), first.payload(), first.dedupKey()).invocation().id();
        await().atMost(Duration.ofSeconds(30)).until(() -> invocations.statusOf(waiting), InvocationStatus.WAITING::equals);

        assertThat(committed(() -> {
            // as a cron lane's batch runs: what superseding changes in the busy process's row is not flushed before the batch ends
            commitOnlyFlush.set();
            return intake.acceptBatch(List.of(trigger(a, "k1"), trigger(a, "k2"), trigger(busy, "k1")), TriggerIntake.Repeats.LOOKED_UP);
        })).isEmpty();

        assertThat(completed(a, 2)).extracting(Invocation::dedupKey).containsExactly("k1", "k2");
        assertThat(invocations.statusOf(waiting)).as("superseded in the batch").isEqualTo(InvocationStatus.CANCELLED);
        String newer = invocations.list(busy, null, null, null, 10).stream().filter(i -> "k1".equals(i.dedupKey())).findFirst().orElseThrow().id();
        // the run slot the batch freed in the busy process's row is taken by the newer trigger
        await().atMost(Duration.ofSeconds(30)).until(() -> invocations.statusOf(newer), InvocationStatus.WAITING::equals);
        for (String process : List.of(a, busy)) {
            assertThat(count("select journal_seq from agent_process where name = ?", process)).as("%s's journal sequence", process)
                    .isEqualTo(count("select max(seq) from journal_entry where process_name = ?", process));
        }
        processes.act(busy, LifecycleAction.STOP, "test");
    }

    private String deploy(String name) {
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: 'done {{trigger.payload.key}}'}]\n".formatted(name), "test");
        return name;
    }

    /** What {@code work} returns, in a transaction of its own that commits (or rolls back when it throws). */
    private <T> T committed(Callable<T> work) throws Exception {
        transaction.begin();
        try {
            T result = work.call();
            transaction.commit();
            return result;
        } catch (Exception | Error e) {
            transaction.rollback();
            throw e;
        }
    }

    /** The id of the trigger's invocation, accepted on its own (as the API accepts one) and ended. */
    private String acceptedAlone(String process, String key) {
        TriggerIntake.Trigger alone = trigger(process, key);
        String id = intake.accept(process, alone.kind(), alone.ref(), alone.payload(), alone.dedupKey()).invocation().id();
        await().atMost(Duration.ofSeconds(30)).until(() -> invocations.statusOf(id), InvocationStatus::isFinal);
        return id;
    }

    private static TriggerIntake.Trigger trigger(String process, String key) {
        return new TriggerIntake.Trigger(process, TriggerKind.CRON, "x", Json.object().put("key", key), key);
    }

    /** The process's invocations once {@code count} have completed, in the order they ran. */
    private List<Invocation> completed(String process, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> invocations.list(process, null, null, null, 10).stream()
                        .sorted(Comparator.comparing(Invocation::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))).toList(),
                list -> list.size() == count && list.stream().allMatch(i -> i.status() == InvocationStatus.COMPLETED));
    }

    @Test
    void everyScheduleOfABigMinuteFiresOnce() throws Exception {
        String prefix = "arq-minute-" + UUID.randomUUID().toString().substring(0, 8);
        // once a year each, at 03:00 to 03:09 on January 1st: none falls due by itself during the test
        String crons = IntStream.range(0, MINUTE_CRONS).mapToObj(m -> "{cron: '" + m + " 3 1 1 *'}").collect(Collectors.joining(", "));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < MINUTE_PROCESSES; i++) {
            String name = prefix + "-" + i;
            processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: 'at {{trigger.payload.fired_at}}'}]\ntriggers: [%s]\n"
                    .formatted(name, crons), "test");
            names.add(name);
        }
        // one schedule's tick accepted before, as a fault (or an older Castellan's one-by-one path) could leave it: the
        // lane's batch that holds it fails on the unique dedup key, and the one-by-one path finds it and fires the rest
        String repeated = names.get(MINUTE_PROCESSES / 2);
        Instant tick = CronSchedule.parse("0 3 1 1 *", "UTC").latest(Instant.now()).orElseThrow();
        String before = intake.accept(repeated, TriggerKind.CRON, "0 3 1 1 *",
                Json.object().put("schedule", "0 3 1 1 *").put("fired_at", tick.toString()), "cron:1:0:" + tick).invocation().id();
        Instant past = Instant.now().minus(1, ChronoUnit.HOURS);
        // as if the server had been down over their ticks: all 600 due at once
        assertThat(execute("update cron_schedule set next_fire_at = ? where process_name like ?", past, prefix + "-%"))
                .isEqualTo(MINUTE_PROCESSES * MINUTE_CRONS);

        for (String name : names) {
            List<Invocation> fired = await().atMost(Duration.ofMinutes(2)).until(() -> invocations.list(name, null, null, null, 50),
                    list -> list.size() >= MINUTE_CRONS && list.stream().allMatch(i -> i.status() == InvocationStatus.COMPLETED));
            assertThat(fired).as("each of %s's schedules fired once", name).hasSize(MINUTE_CRONS);
            assertThat(fired).extracting(Invocation::dedupKey).doesNotHaveDuplicates().allMatch(k -> k.startsWith("cron:1:"));
        }
        assertThat(invocations.list(repeated, null, null, null, 50)).extracting(Invocation::id).as("the earlier accept stands for its tick")
                .contains(before);
        assertThat(count("select count(*) from cron_schedule where process_name like ? and next_fire_at <= ?", prefix + "-%", Instant.now()))
                .as("every schedule moved on to its next time").isZero();
        assertThat(count("select count(*) from invocation where process_name like ?", prefix + "-%"))
                .as("and fired no more than once").isEqualTo(MINUTE_PROCESSES * MINUTE_CRONS);
    }

    /** Runs {@code sql} with its parameters, a time set as a time with its offset. */
    private int execute(String sql, Object... parameters) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = prepare(c, sql, parameters)) {
            return s.executeUpdate();
        }
    }

    private long count(String sql, Object... parameters) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = prepare(c, sql, parameters); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws Exception {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i] instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : parameters[i]);
        }
        return s;
    }
}

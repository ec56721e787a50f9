package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.Invocations;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A minute with more schedules due than one batch holds (600: 60 processes with 10 cron triggers
 * each), as after downtime: the cron timer fires it in batches, on several lanes where the
 * machine has the cores, and every schedule fires exactly once, for its latest tick, and moves on
 * to its next time.
 */
@ExtendWith(ArquillianExtension.class)
class CronMinuteArqIT {

    private static final int PROCESSES = 60;
    private static final int CRONS = 10;

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(CronMinuteArqIT.class);
    }

    @Inject
    private Processes processes;

    @Inject
    private Invocations invocations;

    @Resource(lookup = "jdbc/castellan")
    private DataSource database;

    @Test
    void everyScheduleOfABigMinuteFiresOnce() throws Exception {
        String prefix = "arq-minute-" + UUID.randomUUID().toString().substring(0, 8);
        // once a year each, at 03:00 to 03:09 on January 1st: none falls due by itself during the test
        String crons = IntStream.range(0, CRONS).mapToObj(m -> "{cron: '" + m + " 3 1 1 *'}").collect(Collectors.joining(", "));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            String name = prefix + "-" + i;
            processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: 'at {{trigger.payload.fired_at}}'}]\ntriggers: [%s]\n"
                    .formatted(name, crons), "test");
            names.add(name);
        }
        Instant past = Instant.now().minus(1, ChronoUnit.HOURS);
        // as if the server had been down over their ticks: all 600 due at once
        assertThat(execute("update cron_schedule set next_fire_at = ? where process_name like ?", past, prefix + "-%"))
                .isEqualTo(PROCESSES * CRONS);

        for (String name : names) {
            List<Invocation> fired = await().atMost(Duration.ofMinutes(2)).until(() -> invocations.list(name, null, null, null, 50),
                    list -> list.size() >= CRONS && list.stream().allMatch(i -> i.status() == InvocationStatus.COMPLETED));
            assertThat(fired).as("each of %s's schedules fired once", name).hasSize(CRONS);
            assertThat(fired).extracting(Invocation::dedupKey).doesNotHaveDuplicates().allMatch(k -> k.startsWith("cron:1:"));
        }
        assertThat(count("select count(*) from cron_schedule where process_name like ? and next_fire_at <= ?", prefix + "-%", Instant.now()))
                .as("every schedule moved on to its next time").isZero();
        assertThat(count("select count(*) from invocation where process_name like ?", prefix + "-%"))
                .as("and fired no more than once").isEqualTo(PROCESSES * CRONS);
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

package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import io.castellan.trigger.CronTimers;
import io.castellan.trigger.CronWarmUp;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cron warm-up's rehearsal fires a whole batch of stand-in schedules through the real batch's
 * path and keeps nothing of it: no process, version, schedule, invocation or journal entry of a
 * stand-in, no cached manifest, and a real process's schedule as it was.
 */
@ExtendWith(ArquillianExtension.class)
class CronWarmUpArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(CronWarmUpArqIT.class);
    }

    @Inject
    private CronWarmUp warmUp;

    @Inject
    private Processes processes;

    @Inject
    private CronTimers timers;

    @Resource(lookup = "jdbc/castellan")
    private DataSource database;

    @Test
    void aRehearsalFiresAWholeBatchAndKeepsNothing() throws Exception {
        String name = "arq-warm-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\ntriggers: [{cron: '0 3 * * *'}]\n".formatted(name), "test");
        List<String> schedules = timers.schedulesOf(name);

        assertThat(warmUp.round()).as("every stand-in's schedule fired in the rehearsal").isEqualTo(500);
        // a second round meets none of the first's rows (their names and dedup keys are the same)
        assertThat(warmUp.round()).isEqualTo(500);

        for (String table : List.of("agent_process where name", "process_version where process_name", "cron_schedule where process_name",
                "invocation where process_name", "journal_entry where process_name")) {
            assertThat(count("select count(*) from " + table + " like '~warm-up~%'")).as(table).isZero();
        }
        assertThat(timers.schedulesOf(name)).isEqualTo(schedules);
        String standIn = CronWarmUp.names().getFirst();
        assertThatThrownBy(() -> processes.manifest(standIn, 1)).as("no stand-in's manifest is left in the cache")
                .isInstanceOf(ProblemException.class);
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.castellan.process.LifecycleAction;
import io.castellan.process.Processes;
import io.castellan.trigger.CronFiring;
import io.castellan.trigger.CronTimers;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cron triggers are schedules that follow the process: created, replaced and removed with it. */
@ExtendWith(ArquillianExtension.class)
class CronTimersArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(CronTimersArqIT.class);
    }

    @Inject
    private Processes processes;

    @Inject
    private CronTimers timers;

    @Inject
    private CronFiring firing;

    @Resource(lookup = "jdbc/castellan")
    private DataSource database;

    @Test
    void timersFollowTheProcessLifecycle() {
        String name = "arq-cron-" + UUID.randomUUID().toString().substring(0, 8);
        String two = """
                name: %s
                model: scripted
                script: [{reply: ok}]
                triggers: [{cron: "0 3 * * *"}, {cron: "*/15 * * * MON-FRI", timezone: Europe/Berlin}]
                """.formatted(name);
        processes.deploy(two, "test");
        assertThat(timers.schedulesOf(name)).containsExactlyInAnyOrder(
                name + "|1|0|0 3 * * *", name + "|1|1|*/15 * * * MON-FRI");

        processes.act(name, LifecycleAction.PAUSE, "test");
        assertThat(timers.schedulesOf(name)).as("a paused process still queues its cron triggers").hasSize(2);

        processes.act(name, LifecycleAction.STOP, "test");
        assertThat(timers.schedulesOf(name)).isEmpty();

        processes.act(name, LifecycleAction.START, "test");
        assertThat(timers.schedulesOf(name)).hasSize(2);

        processes.update(name, "name: %s\nmodel: scripted\nscript: [{reply: ok}]\ntriggers: [{cron: '5 4 * * *'}]\n".formatted(name), "test");
        assertThat(timers.schedulesOf(name)).containsExactly(name + "|2|0|5 4 * * *");

        processes.delete(name, "test");
        assertThat(timers.schedulesOf(name)).isEmpty();
    }

    /**
     * A start gives schedules to the processes whose cron triggers have none (an older Castellan
     * kept them as persistent EJB timers): those that accept triggers and have cron triggers, no other.
     */
    @Test
    void aStartGivesSchedulesToTheProcessesThatHaveNone() throws SQLException {
        String prefix = "arq-backfill-" + UUID.randomUUID().toString().substring(0, 8);
        String cron = "\ntriggers: [{cron: '0 3 * * *'}, {cron: '30 4 * * *'}]\n";
        String running = prefix + "-running";
        String paused = prefix + "-paused";
        String stopped = prefix + "-stopped";
        String none = prefix + "-none";
        String kept = prefix + "-kept";
        String escaped = prefix + "-escaped";
        for (String name : new String[] {running, paused, stopped, kept}) {
            processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]%s".formatted(name, cron), "test");
        }
        // the start reads only the manifests that may say cron: one spelling it with a YAML escape is one of them
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\ntriggers: [{\"\\x63ron\": '0 3 * * *'}]\n".formatted(escaped), "test");
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(none), "test");
        processes.act(paused, LifecycleAction.PAUSE, "test");
        processes.act(stopped, LifecycleAction.STOP, "test");
        processes.update(kept, "name: %s\nmodel: scripted\nscript: [{reply: ok}]\ntriggers: [{cron: '5 4 * * *'}]\n".formatted(kept), "test");
        forgetSchedules(running, paused);
        forgetSchedules(1, escaped);

        firing.backfill();

        assertThat(timers.schedulesOf(running)).containsExactly(running + "|1|0|0 3 * * *", running + "|1|1|30 4 * * *");
        assertThat(timers.schedulesOf(paused)).as("a paused process queues its cron triggers").hasSize(2);
        assertThat(timers.schedulesOf(stopped)).isEmpty();
        assertThat(timers.schedulesOf(escaped)).containsExactly(escaped + "|1|0|0 3 * * *");
        assertThat(timers.schedulesOf(none)).isEmpty();
        assertThat(timers.schedulesOf(kept)).as("a process with its schedules is left as it is").containsExactly(kept + "|2|0|5 4 * * *");
    }

    /** What a start reads ahead for the first cron minute: each scheduled process's current manifest, a page at a time. */
    @Test
    void theScheduledProcessesAreReadAheadWithTheirCurrentManifests() {
        String prefix = "arq-ahead-" + UUID.randomUUID().toString().substring(0, 8);
        String cron = "\ntriggers: [{cron: '0 3 * * *'}]\n";
        processes.deploy("name: %s-a\nmodel: scripted\nscript: [{reply: ok}]%s".formatted(prefix, cron), "test");
        processes.deploy("name: %s-b\nmodel: scripted\nscript: [{reply: ok}]%s".formatted(prefix, cron), "test");
        String updated = "name: %s-b\nmodel: scripted\nscript: [{reply: updated}]%s".formatted(prefix, cron);
        processes.update(prefix + "-b", updated, "test");
        processes.deploy("name: %s-c\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(prefix), "test");
        processes.deploy("name: %s-d\nmodel: scripted\nscript: [{reply: ok}]%s".formatted(prefix, cron), "test");

        // names after the prefix sort its own first: the first page of two, then the next from where it ended
        List<CronFiring.Scheduled> first = firing.scheduled(prefix, 2);
        assertThat(first).extracting(CronFiring.Scheduled::process, CronFiring.Scheduled::version)
                .containsExactly(tuple(prefix + "-a", 1), tuple(prefix + "-b", 2));
        assertThat(first.get(1).manifestText()).isEqualTo(updated);
        assertThat(firing.scheduled(prefix + "-b", 1)).extracting(CronFiring.Scheduled::process)
                .as("a process without cron triggers has no schedule to read ahead for").containsExactly(prefix + "-d");
    }

    /** The state an older Castellan left: the processes' cron triggers without rows. */
    private void forgetSchedules(String... names) throws SQLException {
        forgetSchedules(2, names);
    }

    private void forgetSchedules(int each, String... names) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from cron_schedule where process_name = ?")) {
            for (String name : names) {
                delete.setString(1, name);
                assertThat(delete.executeUpdate()).isEqualTo(each);
            }
        }
    }
}

package io.castellan.invocation.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castellan.arquillian.CastellanArchive;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.platform.Json;
import io.castellan.process.Processes;
import io.castellan.telemetry.MetricsScrape;
import io.castellan.telemetry.Telemetry;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A lone trigger to an idle process is accepted in the transaction that runs its invocation's first
 * local steps (intake's FoldedAccept). When those steps fail before they commit, nothing of the
 * accept is kept and the trigger is accepted alone: one invocation, and every slot taken for it
 * given back once. The failure here is the database's own: a check constraint that refuses the
 * state key the agent writes, for as long as the test keeps it.
 */
@ExtendWith(ArquillianExtension.class)
class FoldedStartArqIT {

    private static final int MAX = 1000;

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(FoldedStartArqIT.class, MetricsScrape.class);
    }

    @Inject
    private TriggerIntake intake;

    @Inject
    private Processes processes;

    @Inject
    private InvocationThreads threads;

    @Inject
    private Executions executions;

    @Inject
    private Telemetry telemetry;

    @Resource(lookup = "jdbc/castellan")
    private DataSource database;

    @Test
    void aLoneTriggerIsAnsweredWithWhatItsFirstStepsCommitted() throws SQLException {
        String name = deployed("ok");
        TriggerIntake.Accepted accepted = intake.accept(name, TriggerKind.MANUAL, "test", Json.object(), null);
        assertThat(accepted.created()).isTrue();
        // a scripted no-op has no step that goes outside: the accept's commit holds its whole run
        assertThat(accepted.invocation().status()).isEqualTo(InvocationStatus.COMPLETED);
        assertThat(statuses(name)).containsExactly("COMPLETED");
        assertThat(started(name)).as("its start counted once its accept committed").isEqualTo(1);
        awaitEverySlotFree();
    }

    @Test
    void firstStepsThatFailToCommitLeaveTheTriggerAcceptedOnceAndEverySlotFree() throws SQLException {
        String key = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        String name = deployed(key);
        String constraint = "arq_" + key.replace('-', '_');
        execute("alter table state_entry add constraint " + constraint + " check (state_key <> '" + key + "')");
        TriggerIntake.Accepted accepted;
        try {
            accepted = intake.accept(name, TriggerKind.MANUAL, "test", Json.object(), null);
        } finally {
            execute("alter table state_entry drop constraint " + constraint);
        }
        assertThat(accepted.created()).isTrue();
        assertThat(accepted.invocation().status()).as("accepted alone: its run failed, and resumes").isNotEqualTo(InvocationStatus.COMPLETED);
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(name).equals(List.of("COMPLETED")));
        assertThat(count("select count(*) from journal_entry where process_name = ? and type = 'TRIGGER_RECEIVED'", name))
                .as("the trigger journaled once").isEqualTo(1);
        assertThat(count("select count(*) from state_entry where process_name = ? and state_key = '" + key + "'", name)).isEqualTo(1);
        assertThat(started(name)).as("the invocation kept is the one started (the rolled-back one never was)").isEqualTo(1);
        awaitEverySlotFree();
    }

    /** {@code castellan.invocations.started} of the process, as a scrape of this application's metrics reads it. */
    private double started(String process) {
        return MetricsScrape.sum(telemetry, "castellan_invocations_started_total", "castellan_process=\"" + process + "\"");
    }

    /** Nothing runs here once these ended, and every slot taken was given back exactly once. */
    private void awaitEverySlotFree() {
        await().atMost(Duration.ofSeconds(30)).until(() -> executions.ids().isEmpty() && threads.free() >= MAX);
        assertThat(threads.free()).as("no slot given back twice").isEqualTo(MAX);
    }

    private String deployed(String stateKey) {
        String name = "arq-fold-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                script:
                  - {tool: state_set, args: {key: %s, value: "1"}}
                  - reply: ok
                """.formatted(name, stateKey), "test");
        return name;
    }

    private List<String> statuses(String process) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("select status from invocation where process_name = ?")) {
            query.setString(1, process);
            List<String> statuses = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    statuses.add(rows.getString(1));
                }
            }
            return statuses;
        }
    }

    private int count(String sql, String process) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, process);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

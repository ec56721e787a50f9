package io.castellan.invocation.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.arquillian.CastellanArchive;
import io.castellan.invocation.Cancellation;
import io.castellan.invocation.TriggerKind;
import io.castellan.platform.Json;
import io.castellan.process.LifecycleAction;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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
 * A cron batch's accepts write their invocation rows and no journal entry: each invocation's
 * {@code TRIGGER_RECEIVED} is journaled when it starts or, if it never does, when it ends
 * (TriggerReceipts). Whichever way, its journal begins with exactly one receipt, which says when
 * the trigger was queued, and the process's journal has no gaps. The processes are paused at the
 * accept so that what the accept alone wrote can be looked at before anything starts.
 */
@ExtendWith(ArquillianExtension.class)
class DeferredReceiptArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(DeferredReceiptArqIT.class);
    }

    @Inject
    private TriggerIntake intake;

    @Inject
    private Processes processes;

    @Inject
    private Cancellation cancellation;

    @Inject
    private UserTransaction transaction;

    @Resource(lookup = "jdbc/castellan")
    private DataSource database;

    @Test
    void theReceiptIsJournaledWhenTheInvocationStarts() throws Exception {
        String name = pausedProcess("queue");
        String id = acceptedInBatch(name, "a");
        assertThat(journalOf(id)).as("the accept journaled nothing").isEmpty();
        assertThat(text("select receipt_pending from invocation where id = ?", id)).isEqualTo("TRUE");

        processes.act(name, LifecycleAction.RESUME, "test");
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(text("select status from invocation where id = ?", id)));
        List<String> types = journalOf(id);
        assertThat(types).startsWith("TRIGGER_RECEIVED", "INVOCATION_STARTED").endsWith("INVOCATION_COMPLETED");
        assertThat(types).filteredOn("TRIGGER_RECEIVED"::equals).hasSize(1);
        JsonNode receipt = Json.read(raw("select data from journal_entry where invocation_id = ? and type = 'TRIGGER_RECEIVED'", id));
        assertThat(receipt.path("kind").asText()).isEqualTo("CRON");
        assertThat(receipt.path("ref").asText()).isEqualTo("* * * * *");
        assertThat(receipt.path("payload").path("tick").asText()).isEqualTo("a");
        assertThat(Instant.parse(receipt.path("queued_at").asText())).as("when it was accepted, not when it started").isEqualTo(queuedAt(id));
        assertThat(text("select receipt_pending from invocation where id = ?", id)).isEqualTo("FALSE");
        assertNoGaps(name);
    }

    @Test
    void anInvocationThatNeverStartsJournalsItsReceiptAtItsEnd() throws Exception {
        TwoParked parked = twoParked("queue");
        String name = parked.process();
        String cancelled = parked.first();
        String stopped = parked.second();

        cancellation.cancel(cancelled, "test");
        assertThat(journalOf(cancelled)).containsExactly("TRIGGER_RECEIVED", "INVOCATION_CANCELLED");
        // a stop fails what waits in the database for the process
        processes.act(name, LifecycleAction.STOP, "test");
        assertThat(journalOf(stopped)).containsExactly("TRIGGER_RECEIVED", "INVOCATION_FAILED");
        assertNoGaps(name);
    }

    @Test
    void aCoalescedInvocationJournalsItsReceiptBeforeItIsMerged() throws Exception {
        TwoParked parked = twoParked("coalesce");
        String name = parked.process();
        String first = parked.first();
        String merged = parked.second();

        processes.act(name, LifecycleAction.RESUME, "test");
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(text("select status from invocation where id = ?", first)));
        assertThat(journalOf(merged)).containsExactly("TRIGGER_RECEIVED", "INVOCATION_COALESCED");
        assertThat(journalOf(first)).startsWith("TRIGGER_RECEIVED", "INVOCATION_STARTED", "TRIGGERS_COALESCED");
        assertNoGaps(name);
    }

    private String pausedProcess(String onBusy) {
        String name = "arq-receipt-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("""
                name: %s
                model: scripted
                on_busy: %s
                tools: [state_set]
                script:
                  - {tool: state_set, args: {key: k, value: "1"}}
                  - reply: ok
                """.formatted(name, onBusy), "test");
        processes.act(name, LifecycleAction.PAUSE, "test");
        return name;
    }

    /** One trigger accepted as a cron minute's batch accepts it; its invocation's id. */
    private String acceptedInBatch(String process, String tick) throws Exception {
        String key = "cron:test:" + tick;
        transaction.begin();
        try {
            assertThat(intake.acceptBatch(List.of(new TriggerIntake.Trigger(process, TriggerKind.CRON, "* * * * *",
                    Json.object().put("tick", tick), key)), TriggerIntake.Repeats.LOOKED_UP)).isEmpty();
            transaction.commit();
        } catch (Exception | AssertionError e) {
            transaction.rollback();
            throw e;
        }
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("select id from invocation where process_name = ? and dedup_key = ?")) {
            query.setString(1, process);
            query.setString(2, key);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    /** A paused process and two of its cron triggers, in arrival order. */
    private record TwoParked(String process, String first, String second) {
    }

    /** Two triggers accepted in batches for a paused process, once their claims have parked them in the database. */
    private TwoParked twoParked(String onBusy) throws Exception {
        String name = pausedProcess(onBusy);
        TwoParked parked = new TwoParked(name, acceptedInBatch(name, "a"), acceptedInBatch(name, "b"));
        for (String id : List.of(parked.first(), parked.second())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "TRUE".equals(text("select parked from invocation where id = ?", id)));
        }
        return parked;
    }

    private void assertNoGaps(String process) throws SQLException {
        assertThat(text("select count(*) from journal_entry where process_name = ?", process))
                .isEqualTo(text("select max(seq) from journal_entry where process_name = ?", process));
    }

    private Instant queuedAt(String id) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("select queued_at from invocation where id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    private List<String> journalOf(String invocationId) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("select type from journal_entry where invocation_id = ? order by seq")) {
            query.setString(1, invocationId);
            List<String> types = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
            return types;
        }
    }

    /** The first column of the first row, as text in capitals (statuses, booleans, counts). */
    private String text(String sql, String parameter) throws SQLException {
        String value = raw(sql, parameter);
        return value == null ? null : value.toUpperCase();
    }

    private String raw(String sql, String parameter) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? String.valueOf(rows.getObject(1)) : null;
            }
        }
    }
}

package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pass only (its server's database, {@code it.db.url}): the lookup of a process's
 * queue, in the form the server sends (the status in the text, the process bound:
 * {@code InvocationStatus.IS_QUEUED}), is planned once and reads the queue, not the process's
 * history, with the indexes the migrations make (db/postgresql/V25_1 holds the queue alone).
 */
class QueueIndexIT {

    /** The server's lookup of a process's oldest queued invocation, as Hibernate writes it, with the process bound. */
    private static final String OLDEST_QUEUED = "select i1_0.id from invocation i1_0 where i1_0.process_name=$1 and i1_0.status='QUEUED'"
            + " order by i1_0.process_name, i1_0.status, i1_0.queued_at, i1_0.id fetch first $2 rows only";

    private static Connection database() throws SQLException {
        String url = System.getProperty("it.db.url");
        assertThat(url).as("the PostgreSQL pass's database (it.db.url): run this class in that pass").isNotBlank();
        return DriverManager.getConnection(url, TestPostgres.USER, "");
    }

    @Test
    void theQueueHasAnIndexOfItsOwn() throws Exception {
        try (Connection connection = database(); Statement statement = connection.createStatement();
                ResultSet index = statement.executeQuery("select indexdef from pg_indexes where indexname = 'ix_invocation_queued'")) {
            assertThat(index.next()).as("ix_invocation_queued exists").isTrue();
            assertThat(index.getString(1)).contains("(process_name, queued_at, id)").contains("WHERE ((status)::text = 'QUEUED'::text)");
        }
    }

    @Test
    void theLookupPlannedOnceForAnyProcessNeverReadsItsHistory() throws Exception {
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            // the plan PostgreSQL keeps for the prepared lookup whatever process is bound (bound, the
            // status too, that plan read the process's every invocation through ix_invocation_process
            // and filtered them); a sequential scan left out, which a test database's few rows favour
            statement.execute("set plan_cache_mode = force_generic_plan");
            statement.execute("set enable_seqscan = off");
            statement.execute("prepare oldest_queued(varchar, int) as " + OLDEST_QUEUED);
            StringBuilder plan = new StringBuilder();
            try (ResultSet lines = statement.executeQuery("explain execute oldest_queued('any', 1)")) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            }
            // the queue's own index, or the status as an index's condition; never the status as a filter over rows read
            assertThat(plan.toString()).as(plan.toString()).containsAnyOf("ix_invocation_queued", "Index Cond: ((status)::text = 'QUEUED'::text)",
                    "(status)::text = 'QUEUED'::text))").doesNotContain("Filter: ((status)");
        }
    }
}

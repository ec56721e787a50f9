package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pass only (its server's database, {@code it.db.url}): db/postgresql/V25_3 keeps
 * the journal's entries without a step key out of {@code ux_journal_step}, and the index still
 * refuses a step recorded twice. Its rows are written in a transaction that is rolled back.
 */
class JournalStepIndexIT {

    @Test
    void onlyStepsAreIndexed() throws Exception {
        assertThat(PostgresPass.indexDefinition("ux_journal_step")).contains("UNIQUE").contains("(invocation_id, step_key)")
                .contains("WHERE (step_key IS NOT NULL)");
    }

    @Test
    void entriesThatAreNotStepsGoInAndAStepRecordedTwiceIsRefused() throws Exception {
        try (Connection connection = PostgresPass.database()) {
            connection.setAutoCommit(false);
            try {
                append(connection, 1, null);
                append(connection, 2, null);
                append(connection, 3, "model:0:request");
                assertThatThrownBy(() -> append(connection, 4, "model:0:request"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("ux_journal_step");
            } finally {
                connection.rollback();
            }
        }
    }

    private static void append(Connection connection, long seq, String stepKey) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into journal_entry (process_name, seq, at, type, invocation_id, step_key, data)"
                + " values ('journal-step-index-it', ?, now(), 'MODEL_REQUEST', 'journal-step-index-it-1', ?, '{}')")) {
            insert.setLong(1, seq);
            insert.setString(2, stepKey);
            insert.executeUpdate();
        }
    }
}

package io.castellan.invocation.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.platform.MigratedH2;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reads of a cron minute's batch ({@link BatchChecks}) on H2 with the real migrations: they
 * find what they should, and each costs a few index entries per process however long the
 * processes' history is (H2's own count of the rows it read, from {@code EXPLAIN ANALYZE}).
 */
class BatchChecksQueriesTest {

    /** Ended invocations per process: a per-minute cron's history of five hours. */
    private static final int HISTORY = 300;
    private static final List<String> PROCESSES = List.of("alpha", "bravo", "charlie", "delta");

    private static Connection db;

    @BeforeAll
    static void schemaWithHistory() throws SQLException {
        db = MigratedH2.open("batch-checks");
        OffsetDateTime now = OffsetDateTime.now();
        try (PreparedStatement invocation = db.prepareStatement("insert into invocation (id, process_name, status, parked, trigger_kind,"
                     + " trigger_payload, dedup_key, queued_at) values (?, ?, ?, false, 'CRON', '{}', ?, ?)")) {
            for (String name : PROCESSES) {
                MigratedH2.insertProcess(db, name);
                for (int i = 0; i < HISTORY; i++) {
                    insert(invocation, name + "-" + i, name, "COMPLETED", "cron:1:0:tick-" + i, now.minusMinutes(HISTORY - i));
                }
            }
            // bravo's latest tick is queued still
            insert(invocation, "bravo-queued", "bravo", "QUEUED", "cron:1:0:tick-now", now);
        }
    }

    private static void insert(PreparedStatement invocation, String id, String process, String status, String key, OffsetDateTime at)
            throws SQLException {
        invocation.setString(1, id);
        invocation.setString(2, process);
        invocation.setString(3, status);
        invocation.setString(4, key);
        invocation.setObject(5, at);
        invocation.executeUpdate();
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @Test
    void repeatsAreLookedUpByPairNotByProcessHistory() throws SQLException {
        // alpha's tick-7 and bravo's tick-now were accepted before; charlie's tick-now and delta's tick-7 not
        List<String> parameters = List.of("alpha", "cron:1:0:tick-7", "bravo", "cron:1:0:tick-now",
                "charlie", "cron:1:0:tick-now", "delta", "cron:1:0:tick-x");
        String sql = BatchChecks.repeatsSql(4).replace("i.*", "i.id");
        assertThat(MigratedH2.firstColumn(db, sql, parameters)).containsExactlyInAnyOrder("alpha-7", "bravo-queued");
        // the four pairs, and for each a lookup that reads its entry (if any) and one past it
        assertThat(MigratedH2.rowsRead(db, sql, parameters)).as("rows read for 4 pairs among %d invocations", PROCESSES.size() * HISTORY)
                .isLessThanOrEqualTo(4 * 3);
    }

    @Test
    void queuedIsOneProbePerProcess() throws SQLException {
        List<String> parameters = List.of("alpha", "bravo", "charlie", "delta");
        String sql = BatchChecks.queuedSql(4);
        assertThat(MigratedH2.firstColumn(db, sql, parameters)).containsExactly("bravo");
        assertThat(MigratedH2.rowsRead(db, sql, parameters)).as("rows read for 4 processes among %d invocations", PROCESSES.size() * HISTORY)
                .isLessThanOrEqualTo(12);
    }
}

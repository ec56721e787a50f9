package io.castellan.budget;

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
 * The budget gauges' reads ({@link Spending#sinceSql}) on H2 with the real migrations: a day's
 * totals per process, read from the day's rows only however long the processes' history is.
 */
class SpendingQueriesTest {

    /** Days of history per process, one invocation charge, one tool charge and one model call an hour. */
    private static final int DAYS = 10;
    private static final List<String> PROCESSES = List.of("alpha", "bravo", "charlie");

    /** The three processes' rows, today's six entries of two of them, and one entry past each range. */
    private static final int BOUND = 3 + 2 * 6 + 3 * 2;

    private static Connection db;
    private static OffsetDateTime dayStart;

    @BeforeAll
    static void ledgersWithHistory() throws SQLException {
        db = MigratedH2.open("spending");
        OffsetDateTime now = OffsetDateTime.now();
        dayStart = now.minusHours(5).minusMinutes(30);
        long id = 0;
        try (PreparedStatement charge = db.prepareStatement("insert into budget_charge (id, process_name, invocation_id, kind, step,"
                     + " cost_usd, at) values (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement call = db.prepareStatement("insert into model_usage (id, process_name, invocation_id, at, model, input_tokens,"
                     + " output_tokens, cached_tokens, cache_write_tokens, cost_usd, attempts) values (?, ?, ?, ?, 'm', 1, 1, 0, 0, ?, 1)")) {
            for (String name : PROCESSES) {
                MigratedH2.insertProcess(db, name);
                // charlie started nothing today
                int hours = name.equals("charlie") ? DAYS * 24 - 6 : DAYS * 24;
                for (int h = 0; h < hours; h++) {
                    OffsetDateTime at = now.minusHours(DAYS * 24L - h - 1);
                    String invocation = name + "-" + h;
                    for (String kind : List.of("INVOCATION", "TOOL")) {
                        charge.setLong(1, ++id);
                        charge.setString(2, name);
                        charge.setString(3, invocation);
                        charge.setString(4, kind);
                        charge.setInt(5, kind.equals("TOOL") ? 0 : -1);
                        charge.setString(6, kind.equals("TOOL") ? "0.5" : "0");
                        charge.setObject(7, at);
                        charge.executeUpdate();
                    }
                    call.setLong(1, ++id);
                    call.setString(2, name);
                    call.setString(3, invocation);
                    call.setObject(4, at);
                    call.setString(5, "0.25");
                    call.executeUpdate();
                }
            }
        }
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @Test
    void invocationsTodayReadOnlyTodaysCharges() throws SQLException {
        String sql = Spending.sinceSql("count(*)", "budget_charge c on c.process_name = p.name and c.kind = 'INVOCATION'", 3);
        List<Object> parameters = List.of("alpha", "bravo", "charlie", dayStart);
        // the last six hours' charges: at now-5h, ..., now
        assertThat(MigratedH2.firstColumn(db, sql, parameters)).containsExactlyInAnyOrder("alpha", "bravo");
        assertThat(MigratedH2.rowsRead(db, sql, parameters)).as("rows read among %d charges a process", DAYS * 24 * 2)
                .isLessThanOrEqualTo(BOUND);
    }

    @Test
    void modelCostTodayReadsOnlyTodaysCalls() throws SQLException {
        String sql = Spending.sinceSql("sum(c.cost_usd)", "model_usage c on c.process_name = p.name", 3);
        List<Object> parameters = List.of("alpha", "bravo", "charlie", dayStart);
        assertThat(MigratedH2.firstColumn(db, sql, parameters)).containsExactlyInAnyOrder("alpha", "bravo");
        assertThat(MigratedH2.rowsRead(db, sql, parameters)).as("rows read among %d calls a process", DAYS * 24)
                .isLessThanOrEqualTo(BOUND);
    }
}

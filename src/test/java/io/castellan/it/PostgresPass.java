package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The database of the PostgreSQL pass's server ({@code it.db.url}), for the tests that read it directly. */
final class PostgresPass {

    private PostgresPass() {
    }

    static Connection database() throws SQLException {
        String url = System.getProperty("it.db.url");
        assertThat(url).as("the PostgreSQL pass's database (it.db.url): run this class in that pass").isNotBlank();
        return DriverManager.getConnection(url, TestPostgres.USER, "");
    }

    /** An index's definition as PostgreSQL prints it (columns, uniqueness, the partial index's condition). */
    static String indexDefinition(String name) throws SQLException {
        try (Connection connection = database(); Statement statement = connection.createStatement();
                ResultSet index = statement.executeQuery("select indexdef from pg_indexes where indexname = '" + name + "'")) {
            assertThat(index.next()).as("%s exists", name).isTrue();
            return index.getString(1);
        }
    }

    /** The plan PostgreSQL keeps for a prepared statement, whatever is bound; a sequential scan left out, which a test database's few rows favour. */
    static String genericPlan(String name, String sql, String arguments) throws SQLException {
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            statement.execute("set plan_cache_mode = force_generic_plan");
            statement.execute("set enable_seqscan = off");
            statement.execute("prepare " + name + " as " + sql);
            StringBuilder plan = new StringBuilder();
            try (ResultSet lines = statement.executeQuery("explain execute " + name.replaceAll("\\(.*", "") + arguments)) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}

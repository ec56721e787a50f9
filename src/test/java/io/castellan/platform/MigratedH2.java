package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * An in-memory H2 database with Castellan's migrations, for tests of the engine's native queries:
 * what they find, and how many rows H2 reads to find it (its own count, from {@code EXPLAIN ANALYZE}).
 */
public final class MigratedH2 {

    private MigratedH2() {
    }

    /** A new database of this name, migrated, and a connection to it (the database lives until the JVM ends). */
    public static Connection open(String name) throws SQLException {
        String url = "jdbc:h2:mem:" + name + ";MODE=LEGACY;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        return DriverManager.getConnection(url, "sa", "");
    }

    /** A running process of this name, as a deploy leaves it. */
    public static void insertProcess(Connection db, String name) throws SQLException {
        try (PreparedStatement process = db.prepareStatement("insert into agent_process (name, state, version, consecutive_failures,"
                + " created_at, updated_at) values (?, 'RUNNING', 1, 0, ?, ?)")) {
            OffsetDateTime now = OffsetDateTime.now();
            process.setString(1, name);
            process.setObject(2, now);
            process.setObject(3, now);
            process.executeUpdate();
        }
    }

    /** The first column of every row the query returns. */
    public static List<String> firstColumn(Connection db, String sql, List<?> parameters) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement query = prepare(db, sql, parameters); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }

    /** The sum of H2's scan counts over the query's tables: the rows and index entries it read. */
    public static int rowsRead(Connection db, String sql, List<?> parameters) throws SQLException {
        try (PreparedStatement query = prepare(db, "explain analyze " + sql, parameters); ResultSet plan = query.executeQuery()) {
            assertThat(plan.next()).isTrue();
            Matcher scans = Pattern.compile("scanCount: (\\d+)").matcher(plan.getString(1));
            int read = 0;
            boolean any = false;
            while (scans.find()) {
                read += Integer.parseInt(scans.group(1));
                any = true;
            }
            assertThat(any).as("H2's plan counts the rows it read:%n%s", plan.getString(1)).isTrue();
            return read;
        }
    }

    /** The product's query with JDBC's plain placeholders for its numbered ones (numbered in the order they appear). */
    private static PreparedStatement prepare(Connection db, String sql, List<?> parameters) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql.replaceAll("\\?\\d+", "?"));
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }
}

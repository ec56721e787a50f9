package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * castellan-crash, the server the build creates for tests that stop it: started, stopped normally,
 * or killed with kill -9, by PID. The test classes share it: a class starts it only when no earlier
 * class left it running (a start costs half a minute on two cores), leaves it running when done,
 * and the build stops it after the integration tests. Each class works on processes of its own.
 */
final class OwnServer {

    static final String NAME = "castellan-crash";
    private static final LibertyServer SERVER = new LibertyServer(NAME, System.getProperty("crash.http.port"), Map.of());

    private OwnServer() {
    }

    static RequestSpecification api(String token) {
        return SERVER.api(token);
    }

    static String generatedAdminToken() throws IOException {
        Path file = SERVER.output().resolve("castellan/admin-token");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        return Files.readString(file).trim();
    }

    /** The server as an earlier test class left it, or started now when none did (or it was left stopped). */
    static void upAndReady() throws Exception {
        if (SERVER.running()) {
            SERVER.awaitReady();
        } else {
            SERVER.startAndAwaitReady();
        }
    }

    static void startAndAwaitReady() throws Exception {
        SERVER.startAndAwaitReady();
    }

    /** A normal stop: Liberty quiesces (up to 30 s), Castellan suspends what still runs. Returns when the server has stopped. */
    static void stop() throws Exception {
        SERVER.stop();
    }

    /** The server's last warnings and errors, for a failure message. */
    static String recentProblems(int max) {
        return SERVER.recentProblems(max);
    }

    /**
     * Makes the process's cron schedules {@code ticks} minutes overdue, as that long a downtime
     * would leave them: written straight into the H2 file while the server is dead (it must be).
     *
     * @return the last of the missed ticks, the one a catch-up fires
     */
    static Instant missTicks(String process, int ticks) throws Exception {
        assertThat(SERVER.running()).as("the server is down").isFalse();
        String url = "jdbc:h2:" + SERVER.output().resolve("castellan/db/castellan").toAbsolutePath() + ";MODE=LEGACY";
        OffsetDateTime overdue = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).minusMinutes(ticks - 1);
        try (Connection db = DriverManager.getConnection(url, "sa", "");
             PreparedStatement update = db.prepareStatement("update cron_schedule set next_fire_at = ? where process_name = ?")) {
            update.setObject(1, overdue);
            update.setString(2, process);
            assertThat(update.executeUpdate()).as("cron schedules of %s", process).isPositive();
        }
        return overdue.plusMinutes(ticks - 1).toInstant();
    }

    static void killMinus9() throws IOException {
        SERVER.killMinus9();
    }
}

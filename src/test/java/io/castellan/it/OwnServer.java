package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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

    static void killMinus9() throws IOException {
        SERVER.killMinus9();
    }
}

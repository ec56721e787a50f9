package io.castellan.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * castellan-crash, the server the build creates for tests that stop it: started, stopped normally,
 * or killed with kill -9, by PID.
 */
final class OwnServer {

    static final String NAME = "castellan-crash";
    private static final Path WLP = Path.of(System.getProperty("wlp.dir", "target/liberty/wlp"));
    private static final Path OUTPUT = WLP.resolve("usr/servers").resolve(NAME);
    private static final String BASE = "http://127.0.0.1:" + System.getProperty("crash.http.port");

    private OwnServer() {
    }

    static RequestSpecification api(String token) {
        return given().config(Castellan.REST).baseUri(BASE).basePath("/api/v1").header("Authorization", "Bearer " + token);
    }

    static String generatedAdminToken() throws IOException {
        Path file = OUTPUT.resolve("castellan/admin-token");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        return Files.readString(file).trim();
    }

    static void startAndAwaitReady() throws Exception {
        server("start");
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions()
                .until(() -> given().baseUri(BASE).get("/health/ready").statusCode() == 200);
    }

    /** A normal stop: Liberty quiesces (up to 30 s), Castellan suspends what still runs. Returns when the server has stopped. */
    static void stop() throws Exception {
        server("stop", "--timeout=2m");
    }

    static void killMinus9() throws IOException {
        long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid/" + NAME + ".pid")).trim());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
        server.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.isAlive());
    }

    private static void server(String... action) throws Exception {
        String[] command = new String[action.length + 2];
        command[0] = WLP.resolve("bin/server").toString();
        command[1] = action[0];
        command[2] = NAME;
        System.arraycopy(action, 1, command, 3, action.length - 1);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("CASTELLAN_ADMIN_TOKEN");
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("server " + action[0] + " did not finish");
        }
    }
}

package io.castellan.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Liberty server the build created (liberty:create and deploy) that a test starts, stops
 * normally, or kills with kill -9 by its PID, with environment variables of the test's choosing.
 */
final class LibertyServer {

    private static final Path WLP = Path.of(System.getProperty("wlp.dir", "target/liberty/wlp"));

    private final String name;
    private final String base;
    private final Map<String, String> environment;

    LibertyServer(String name, String httpPort, Map<String, String> environment) {
        this.name = name;
        this.base = "http://127.0.0.1:" + httpPort;
        this.environment = environment;
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return base;
    }

    Path output() {
        return WLP.resolve("usr/servers").resolve(name);
    }

    /**
     * The server's last {@code max} warnings and errors in messages.log (Liberty's " W " and " E "
     * lines), for a test's failure message: a failure on CI then says what the server saw.
     */
    String recentProblems(int max) {
        Path log = output().resolve("logs/messages.log");
        try (var lines = Files.lines(log)) {
            List<String> problems = lines.filter(line -> line.contains(" W ") || line.contains(" E ")).toList();
            return String.join("\n", problems.subList(Math.max(0, problems.size() - max), problems.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    RequestSpecification api(String token) {
        return given().config(Castellan.REST).baseUri(base).basePath("/api/v1").header("Authorization", "Bearer " + token);
    }

    RequestSpecification root() {
        return given().config(Castellan.REST).baseUri(base);
    }

    /** Starts the server without waiting for the application. */
    void start() throws Exception {
        run("start");
    }

    void startAndAwaitReady() throws Exception {
        start();
        awaitReady();
    }

    /** Whether the process in the server's PID file is alive (after a kill -9 the file stays, naming a dead process). */
    boolean running() throws IOException {
        Path pidFile = WLP.resolve("usr/servers/.pid/" + name + ".pid");
        if (!Files.exists(pidFile)) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).map(ProcessHandle::isAlive).orElse(false);
    }

    void awaitReady() {
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> given().baseUri(base).get("/health/ready").statusCode() == 200);
    }

    /** A normal stop: Liberty quiesces (up to 30 s), Castellan suspends what still runs. Returns when the server has stopped. */
    void stop() throws Exception {
        run("stop", "--timeout=2m");
    }

    void killMinus9() throws IOException {
        long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid/" + name + ".pid")).trim());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
        server.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.isAlive());
    }

    private void run(String... action) throws Exception {
        String[] command = new String[action.length + 2];
        command[0] = WLP.resolve("bin/server").toString();
        command[1] = action[0];
        command[2] = name;
        System.arraycopy(action, 1, command, 3, action.length - 1);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("CASTELLAN_ADMIN_TOKEN");
        builder.environment().putAll(environment);
        // the server script adds JVM_ARGS to the JVM's options (the pom says why the tests' servers have any)
        builder.environment().put("JVM_ARGS", System.getProperty("test.server.jvm.args", ""));
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("server " + action[0] + " did not finish");
        }
    }
}

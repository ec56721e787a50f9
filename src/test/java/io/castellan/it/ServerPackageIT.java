package io.castellan.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The server package that {@code mvn package} makes is self-contained: unzipped elsewhere, it starts
 * with Liberty's own {@code server run}, its ports set from the environment.
 */
class ServerPackageIT {

    private static final Path PACKAGE = Path.of(System.getProperty("server.package", "target/castellan-server.zip"));

    @Test
    void theUnzippedPackageRunsWithLibertysOwnCommand() throws Exception {
        Path home = Files.createTempDirectory(Path.of("target"), "package-");
        unzip(PACKAGE, home);
        int httpPort = freePort();
        int brokerPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("wlp/bin/server").toString(), "run", "castellan")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        builder.environment().put("CASTELLAN_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("CASTELLAN_BROKER_PORT", Integer.toString(brokerPort));
        Process server = builder.start();
        try {
            await().atMost(Duration.ofMinutes(3)).ignoreExceptions()
                    .until(() -> given().baseUri("http://127.0.0.1:" + httpPort).get("/health/ready").statusCode() == 200);
            given().baseUri("http://127.0.0.1:" + httpPort).get("/health/ready").then()
                    .body("status", equalTo("UP"));
        } finally {
            new ProcessBuilder(home.resolve("wlp/bin/server").toString(), "stop", "castellan").start().waitFor(2, TimeUnit.MINUTES);
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the package: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
        try (var scripts = Files.list(into.resolve("wlp/bin"))) {
            for (Path script : scripts.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

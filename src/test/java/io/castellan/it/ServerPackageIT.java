package io.castellan.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.castellan.broker.BrokerConfiguration;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.junit.jupiter.api.Test;

/**
 * The server package that {@code mvn package} makes is self-contained: unzipped elsewhere, it starts
 * with Liberty's own {@code server run}, its ports set from the environment; and pointing it at an
 * external Artemis broker is configuration only. The external broker here is a separate Artemis
 * instance in the test JVM, configured as the README tells users to (Castellan's broker.xml).
 */
class ServerPackageIT {

    private static final String BROKER_USER = "castellan";
    private static final String BROKER_PASSWORD = "broker-secret-for-the-test";
    private static final Path PACKAGE = Path.of(System.getProperty("server.package", "target/castellan-server.zip"));

    /** The package is the product only: never a token, a key, a database or a journal of the machine that built it. */
    @Test
    void thePackageHoldsNoDataOfTheBuilder() throws IOException {
        List<String> data = new ArrayList<>();
        try (ZipFile zip = new ZipFile(PACKAGE.toFile())) {
            zip.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("wlp/usr/servers/castellan/castellan/") || n.endsWith("admin-token") || n.endsWith("secrets-key")
                            || n.endsWith(".mv.db") || n.endsWith(".trace.db") || n.contains("/logs/") || n.endsWith(".amq"))
                    .forEach(data::add);
        }
        assertThat(data).as("data files in %s", PACKAGE).isEmpty();
    }

    @Test
    void theUnzippedPackageRunsAgainstAnExternalBroker() throws Exception {
        Path home = Files.createTempDirectory(Path.of("target"), "package-");
        unzip(PACKAGE, home);
        int httpPort = freePort();
        int brokerPort = freePort();
        EmbeddedActiveMQ externalBroker = startBroker(home.resolve("external-broker"), brokerPort);
        ProcessBuilder builder = new ProcessBuilder(home.resolve("wlp/bin/server").toString(), "run", "castellan")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        builder.environment().put("CASTELLAN_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("CASTELLAN_BROKER_EMBEDDED", "false");
        builder.environment().put("CASTELLAN_BROKER_PORT", Integer.toString(brokerPort));
        builder.environment().put("CASTELLAN_BROKER_USER", BROKER_USER);
        builder.environment().put("CASTELLAN_BROKER_PASSWORD", BROKER_PASSWORD);
        builder.environment().remove("CASTELLAN_ADMIN_TOKEN");
        Process server = builder.start();
        try {
            String base = "http://127.0.0.1:" + httpPort;
            await().atMost(Duration.ofMinutes(3)).ignoreExceptions()
                    .until(() -> given().baseUri(base).get("/health/ready").statusCode() == 200);
            String token = Files.readString(home.resolve("wlp/usr/servers/castellan/castellan/admin-token")).trim();
            Supplier<RequestSpecification> api = () -> given().config(Castellan.REST).baseUri(base).basePath("/api/v1")
                    .header("Authorization", "Bearer " + token);

            api.get().contentType("application/yaml").body("name: packaged\nmodel: scripted\nscript: [{reply: \"from the package\"}]\n")
                    .post("/processes").then().statusCode(201);
            String id = api.get().contentType("application/json").body("{}").post("/processes/{name}/invocations", "packaged")
                    .then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "COMPLETED".equals(api.get().get("/invocations/{id}", id).path("status")));

            api.get().get("/invocations/{id}", id).then().body("reply", equalTo("from the package"));
            assertThat(externalBroker.getActiveMQServer().locateQueue(SimpleString.of("castellan.triggers")).getConsumerCount())
                    .as("Castellan consumes its triggers from the external broker").isPositive();
        } finally {
            new ProcessBuilder(home.resolve("wlp/bin/server").toString(), "stop", "castellan").start().waitFor(2, TimeUnit.MINUTES);
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            externalBroker.stop();
        }
    }

    /**
     * An Artemis run by its operator, as docs/configuration.md describes it: security on, a user
     * for Castellan with every permission on its addresses, nobody else.
     */
    private static EmbeddedActiveMQ startBroker(Path dataDir, int port) throws Exception {
        FileConfiguration configuration = BrokerConfiguration.load(Path.of("liberty/broker.xml"), dataDir, "127.0.0.1", Integer.toString(port));
        configuration.putSecurityRoles("castellan.#", Set.of(new Role("castellan-server", true, true, true, true, true, true, false, true, true, true)));
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(BROKER_USER, BROKER_PASSWORD);
        users.addRole(BROKER_USER, "castellan-server");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        broker.start();
        return broker;
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

package io.castellan.it;

import static org.awaitility.Awaitility.await;

import io.castellan.broker.BrokerConfiguration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQBasicSecurityManager;

/**
 * An Artemis broker outside Castellan, in a JVM of its own so a test can kill it: the Artemis
 * server of Maven Central with the addresses and settings of Castellan's shipped broker.xml, one
 * acceptor on loopback, and one user for the Castellan servers with every permission on castellan.#.
 */
final class ExternalBroker implements AutoCloseable {

    static final String USER = "castellan-server";
    static final String PASSWORD = "broker-password-for-tests";

    private final Path dir;
    private final int port;
    private Process process;

    ExternalBroker(Path dir, int port) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
    }

    void start() throws IOException {
        Files.createDirectories(dir);
        String classpath = String.join(java.io.File.pathSeparator, Path.of("target/test-classes").toAbsolutePath().toString(),
                Path.of("target/classes").toAbsolutePath().toString(), Files.readString(Path.of("target/test-classpath.txt")).trim());
        process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-cp", classpath,
                ExternalBroker.class.getName(), Path.of("liberty/broker.xml").toAbsolutePath().toString(), dir.resolve("data").toString(),
                Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker stopped; see " + dir.resolve("broker.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    void killMinus9() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            killMinus9();
        }
    }

    /** Held, so the level set on it stays: Artemis' audit log writes a line per message operation. */
    private static final java.util.logging.Logger AUDIT = java.util.logging.Logger.getLogger("org.apache.activemq.audit");

    /** The broker's own JVM: broker.xml, data directory, port. */
    public static void main(String[] args) throws Exception {
        AUDIT.setLevel(java.util.logging.Level.OFF);
        FileConfiguration configuration = BrokerConfiguration.load(Path.of(args[0]), Path.of(args[1]), "127.0.0.1", args[2]);
        configuration.putSecurityRoles("castellan.#", Set.of(new Role(USER, true, true, true, true, true, true, true, true, true, true, true, true)));
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.setSecurityManager(new ActiveMQBasicSecurityManager().init(Map.of(ActiveMQBasicSecurityManager.BOOTSTRAP_USER, USER,
                ActiveMQBasicSecurityManager.BOOTSTRAP_PASSWORD, PASSWORD, ActiveMQBasicSecurityManager.BOOTSTRAP_ROLE, USER)));
        broker.start();
        System.out.println("external broker listening on 127.0.0.1:" + args[2]);
        Thread.currentThread().join();
    }
}

package io.castellan.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the machine's own binaries ({@code pg_config --bindir}: Debian's
 * PostgreSQL 15 here) under target/, on a port of the build's choosing, with one database,
 * {@code castellan}, owned by the user {@code castellan}. PostgreSQL refuses to run as root: as
 * root it runs as the {@code postgres} user (the Debian package's) through setpriv.
 */
public final class TestPostgres implements AutoCloseable {

    static final String DATABASE = "castellan";
    static final String USER = "castellan";

    private final Path data;
    private final Path log;
    private final int port;
    private final Path bin;
    /** Commits written through to the disk (fsync on), as in production: the benchmark's cluster. */
    private boolean durable;

    TestPostgres(Path dir, int port) throws Exception {
        this.data = dir.toAbsolutePath().resolve("data");
        this.log = dir.toAbsolutePath().resolve("log/postgresql.log");
        this.port = port;
        this.bin = Path.of(output("pg_config", "--bindir").trim());
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Makes the cluster (afresh) and its database, and starts it. */
    void start() throws Exception {
        deleteTree(data.getParent());
        Files.createDirectories(data);
        Files.createDirectories(log.getParent());
        asServerUser(data.getParent());
        run(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync");
        // free when the build reserved it, the port can be for a moment the local end of one of this
        // run's own outgoing connections (the reserved ports are in the ephemeral range)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::portFree);
        run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + data
                        + " -c max_prepared_transactions=100 -c max_connections=300" + (durable ? "" : " -c fsync=off"), "start");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "")) {
            connection.createStatement().execute("create database " + DATABASE);
        }
    }

    private boolean portFree() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    @Override
    public void close() throws Exception {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
        }
    }

    /**
     * For the build's PostgreSQL pass and the benchmarks: {@code start DIR PORT [durable]} makes and
     * starts a cluster (it keeps running after this JVM ends; {@code durable}: with fsync, as in
     * production, where the tests run without), {@code stop DIR PORT} stops it.
     */
    public static void main(String[] args) throws Exception {
        TestPostgres postgres = new TestPostgres(Path.of(args[1]), Integer.parseInt(args[2]));
        postgres.durable = args.length > 3 && "durable".equals(args[3]);
        if ("start".equals(args[0])) {
            postgres.start();
            System.out.println("PostgreSQL for the tests: " + postgres.jdbcUrl());
        } else {
            postgres.close();
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** As root: the tree belongs to postgres, and the directories above it let postgres through. */
    private static void asServerUser(Path dir) throws IOException {
        if (!root()) {
            return;
        }
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.toList()) {
                Files.setOwner(path, postgres);
            }
        }
        for (Path up = dir.getParent(); up != null; up = up.getParent()) {
            var permissions = Files.getPosixFilePermissions(up);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(up, permissions);
            }
        }
    }

    private static void run(String... command) throws Exception {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        }
        line.addAll(List.of(command));
        String out = output(line.toArray(String[]::new));
        if (out.contains("FATAL")) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    private static String output(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package io.castellan.peer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the machine's binaries ({@code pg_config --bindir}) under target/, fsync
 * on, as Castellan's benchmarks start theirs (io.castellan.it.TestPostgres, which this project
 * cannot reach): its database {@code castellan}, owned by {@code castellan}. As root, PostgreSQL runs
 * as {@code postgres} through setpriv.
 */
final class PeerPostgres implements AutoCloseable {

    private final Path data = Path.of("target/peer-postgresql/data").toAbsolutePath();
    private final Path bin;
    private final int port;

    PeerPostgres() throws Exception {
        bin = Path.of(output("pg_config", "--bindir").trim());
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        deleteTree(data.getParent());
        Files.createDirectories(data);
        if (root()) {
            output("chown", "-R", "postgres", data.getParent().toString());
            // and the directories above let postgres through
            for (Path up = data.getParent().getParent(); up != null; up = up.getParent()) {
                output("chmod", "o+x", up.toString());
            }
        }
        asServerUser(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "castellan", "--auth=trust", "-E", "UTF8", "--no-sync");
        asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("../postgresql.log").normalize().toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + data + " -c max_connections=300", "start");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "castellan", "")) {
            connection.createStatement().execute("create database castellan");
        }
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/castellan";
    }

    @Override
    public void close() throws Exception {
        asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void asServerUser(String... command) throws Exception {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        }
        line.addAll(List.of(command));
        output(line.toArray(String[]::new));
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
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

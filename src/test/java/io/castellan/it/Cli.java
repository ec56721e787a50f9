package io.castellan.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The built castellan-cli.jar, run as a user runs it (the README's alias: java -XX:TieredStopAtLevel=1 -jar), with CASTELLAN_URL and CASTELLAN_TOKEN. */
final class Cli {

    static final Path JAR = Path.of(System.getProperty("cli.jar", "target/castellan-cli.jar"));

    /** What a finished command printed and how it exited. */
    record Result(int exit, String out, String err) {
    }

    /** A command still running (castellan logs -f): its output so far, line by line. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private Running(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "cli-output");
            reader.setDaemon(true);
            reader.start();
        }

        List<String> lines() {
            return lines;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Path ARCHIVE = JAR.toAbsolutePath().resolveSibling("castellan-cli-test.jsa");
    private static Optional<Path> archive;

    private Cli() {
    }

    /** The archive a first command wrote at its exit (it lists the classes that run loaded), or none if the JVM wrote none. */
    private static synchronized Optional<Path> classArchive() {
        if (archive == null) {
            try {
                Files.deleteIfExists(ARCHIVE);
                Process first = new ProcessBuilder(JAVA, "-XX:TieredStopAtLevel=1", "-XX:ArchiveClassesAtExit=" + ARCHIVE,
                        "-jar", JAR.toAbsolutePath().toString(), "--url", Castellan.baseUrl(), "--token", "not-a-token", "ps")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                boolean ended = first.waitFor(90, TimeUnit.SECONDS);
                if (!ended) {
                    first.destroyForcibly();
                }
                archive = ended && Files.isRegularFile(ARCHIVE) ? Optional.of(ARCHIVE) : Optional.empty();
            } catch (IOException e) {
                archive = Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                archive = Optional.empty();
            }
        }
        return archive;
    }

    /** Runs castellan with the admin token. */
    static Result run(String... args) {
        return runAs(Castellan.ADMIN_TOKEN, args);
    }

    /** Runs castellan with the admin token and {@code input} on its standard input. */
    static Result runWithInput(String input, String... args) {
        try {
            Path in = Files.createTempFile("cli-in", ".txt");
            try {
                Files.writeString(in, input);
                return run(Castellan.ADMIN_TOKEN, in, args);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs castellan with the token in CASTELLAN_TOKEN (none when null), its output into files so no pipe fills up. */
    static Result runAs(String token, String... args) {
        return run(token, Path.of("/dev/null"), args);
    }

    private static Result run(String token, Path input, String... args) {
        try {
            Path out = Files.createTempFile("cli-out", ".txt");
            Path err = Files.createTempFile("cli-err", ".txt");
            try {
                ProcessBuilder builder = builder(token, args);
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(input.toFile()));
                Process process = builder.start();
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("castellan " + String.join(" ", args) + " did not end");
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Running follow(String... args) {
        try {
            return new Running(builder(Castellan.ADMIN_TOKEN, args).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder builder(String token, String... args) {
        // as the README's alias runs it, with the JVM's class-data archive of a first run: each of a
        // hundred commands starts about 0.2 s sooner (classes mapped instead of loaded; nothing else differs)
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1"));
        classArchive().ifPresent(archive -> command.add("-XX:SharedArchiveFile=" + archive));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("CASTELLAN_URL", Castellan.baseUrl());
        env.remove("CASTELLAN_TOKEN");
        if (token != null) {
            env.put("CASTELLAN_TOKEN", token);
        }
        return builder;
    }
}

package io.castellan.bench;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.castellan.it.Castellan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** What the benchmarks read of the server the build started (castellan-it): heap, threads, a restart. */
final class ServerProbe {

    private static final Path WLP = Path.of(System.getProperty("wlp.dir", "target/liberty/wlp"));
    private static final String SERVER = "castellan-it";

    private ServerProbe() {
    }

    static String pid() throws IOException {
        return Files.readString(WLP.resolve("usr/servers/.pid/" + SERVER + ".pid")).trim();
    }

    /** The server's heap as the JVM reports it, through jcmd on the server's process id. */
    static String heap() {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process run = new ProcessBuilder(jcmd.toString(), pid(), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(run.getInputStream().readAllBytes());
            run.waitFor(30, TimeUnit.SECONDS);
            // one line for G1's heap; the parallel collector's has one per generation (young, old)
            String heap = out.lines().filter(l -> l.contains("total") && l.contains("used"))
                    .map(l -> l.replaceAll("\\s*\\[0x.*$", "").replaceAll("\\s+", " ").strip()).collect(Collectors.joining("; "));
            return heap.isEmpty() ? out.strip() : heap;
        } catch (Exception e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    /**
     * The size of H2's file, or empty on PostgreSQL. H2 keeps a chunk of its file alive for any page
     * in it that is still live, and with {@code WRITE_DELAY=0} nothing compacts it while the server
     * runs: the file grows many times faster than the rows it holds (docs/configuration.md).
     */
    static Optional<String> h2File() {
        if (System.getProperty("bench.database") != null) {
            return Optional.empty(); // PostgreSQL: an H2 file here would be an earlier run's
        }
        Path file = WLP.resolve("usr/servers/" + SERVER + "/castellan/db/castellan.mv.db");
        try {
            return Optional.of(String.format("%.1f MB", Files.size(file) / 1e6));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** CPU time the server's process has used so far (user and system, all its threads), in milliseconds. */
    static long cpuMillis() throws IOException {
        return ProcCpu.processMillis(pid());
    }

    /**
     * CPU time the server's JIT compiler threads (HotSpot's C1 and C2) have used so far, in
     * milliseconds: a server minutes old still compiles, and that shares the cores with the work.
     * Only live threads count: on more cores HotSpot adds compiler threads and lets idle ones go,
     * so there a share across such an exit reads low (on two cores it keeps one of each).
     */
    static long compilerCpuMillis() throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", pid(), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // a thread that ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += ProcCpu.ticks(stat);
                }
            }
        }
        return ProcCpu.millis(ticks);
    }

    /**
     * Bytes the server's process has sent to the storage layer so far (/proc's {@code write_bytes}):
     * nearly all of it H2's commits, which write every page a commit changed, whole.
     */
    static long writtenBytes() throws IOException {
        return procField("io", "write_bytes");
    }

    /** A number of the server's process from one of its /proc files' "name: value" lines. */
    private static long procField(String file, String name) throws IOException {
        String prefix = name + ":";
        return Files.readAllLines(Path.of("/proc", pid(), file)).stream().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> Long.parseLong(l.substring(prefix.length()).trim().split("\\s+")[0])).findFirst().orElseThrow();
    }

    /**
     * The server's, the client's (this JVM's) and the whole machine's CPU time from its start to
     * {@link #stop}, and what the server wrote to disk meanwhile, for a benchmark's "server CPU per
     * invocation" line (the client shares the machine's cores with the server; the CPU
     * moves less with the machine's other load than rates and times do; the bytes hardly at all,
     * which makes them the figure to compare two builds' database work by).
     */
    static final class CpuMeter {
        private final long server0 = cpuMillis();
        private final long compiler0 = compilerCpuMillis();
        private final long machine0 = ProcCpu.machineMillis();
        private final long written0 = writtenBytes();
        private final long client0 = ProcCpu.jvmMillis();
        private final long postgres0 = ProcCpu.postgresMillis();
        private final long started = System.nanoTime();
        private long server;
        private long compiler;
        private long client;
        private long postgres;
        private long machine;
        private long written;
        private long wallMillis;

        CpuMeter() throws IOException {
        }

        /** The end of what is measured: what runs after (reading the results back) is not counted. */
        void stop() throws IOException {
            server = cpuMillis() - server0;
            compiler = Math.max(0, compilerCpuMillis() - compiler0);
            machine = ProcCpu.machineMillis() - machine0;
            written = writtenBytes() - written0;
            client = ProcCpu.jvmMillis() - client0;
            postgres = ProcCpu.postgresMillis() - postgres0;
            wallMillis = (System.nanoTime() - started) / 1_000_000;
        }

        String perInvocation(int invocations) {
            int cores = Runtime.getRuntime().availableProcessors();
            return String.format("server CPU %.2f ms per invocation (its JIT compiler %.0f %% of it); the machine was busy %.0f %% of %d cores, the server %.0f %% of that;"
                            + " the server wrote %.1f KB per invocation to disk; the client (this JVM) used %.2f ms of CPU per invocation",
                    (double) server / invocations, 100.0 * compiler / Math.max(1, server), 100.0 * machine / (cores * (double) Math.max(1, wallMillis)), cores,
                    100.0 * server / Math.max(1, machine), written / 1024.0 / invocations, (double) client / invocations)
                    + (postgres > 0 ? String.format("; PostgreSQL used %.2f ms of CPU per invocation", (double) postgres / invocations) : "");
        }
    }

    /** The server's OS threads, as /proc counts them: virtual threads are not among them. */
    static long threads() throws IOException {
        return procField("status", "Threads");
    }

    /** Stops the server normally, starts it again and returns how long it took from start to ready. */
    static Duration restart() throws Exception {
        stop();
        return start();
    }

    /** Stops the server normally; returns how long the stop took (the JVM's exit included). */
    static Duration stop() throws Exception {
        Instant stop = Instant.now();
        server("stop");
        return Duration.between(stop, Instant.now());
    }

    /** Starts the stopped server; returns how long it took until {@code /health/ready} answered 200. */
    static Duration start() throws Exception {
        Instant start = Instant.now();
        server("start");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> given().baseUri(Castellan.baseUrl()).get("/health/ready").statusCode() == 200);
        return Duration.between(start, Instant.now());
    }

    /**
     * Restarts the server until it starts from its start-up cache (a start records it, that
     * server's stop writes it), and prints each of those stops and starts.
     */
    static void startFromTheCache() throws Exception {
        for (int i = 0; i < 3 && !startedFromTheCache(); i++) {
            long stop = stop().toMillis();
            long start = start().toMillis();
            System.out.printf("%nstartup cache: a stop in %d ms, then a start in %d ms (%s)%n",
                    stop, start, startedFromTheCache() ? "from the cache" : "without it");
        }
    }

    /**
     * Deletes the file in which the server leaves its next start the cache's options: that start
     * runs without the cache. Done last too: the build's later Liberty goals read every file in
     * configDropins as server XML, and say so.
     */
    static void dropCacheOptions() throws IOException {
        Files.deleteIfExists(WLP.resolve("usr/servers/" + SERVER + "/configDropins/defaults/jvm.options"));
    }

    /** Whether the running server's JVM started from Castellan's start-up cache: it maps the file. */
    static boolean startedFromTheCache() throws IOException {
        return Files.readString(Path.of("/proc", pid(), "maps")).contains("startup.aot");
    }

    private static void server(String action) throws Exception {
        Process process = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, SERVER)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("server " + action + " did not finish");
        }
    }
}

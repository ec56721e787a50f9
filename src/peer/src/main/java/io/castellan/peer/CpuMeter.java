package io.castellan.peer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM, of the machine's PostgreSQL processes and of the whole machine over a
 * round, from /proc (Linux), read as Castellan's benchmarks read theirs (io.castellan.bench.ServerProbe).
 */
final class CpuMeter {

    /** Linux's USER_HZ. */
    private static final long CLOCK_TICKS = 100;

    private final long jvm0 = jvmMillis();
    private final long postgres0 = postgresMillis();
    private final long machine0 = machineMillis();
    private final long started = System.nanoTime();
    private long jvm;
    private long postgres;
    private long machine;
    private long wallMillis;

    CpuMeter() throws IOException {
    }

    void stop() throws IOException {
        jvm = jvmMillis() - jvm0;
        postgres = postgresMillis() - postgres0;
        machine = machineMillis() - machine0;
        wallMillis = (System.nanoTime() - started) / 1_000_000;
    }

    String perWorkflow(int workflows) {
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format("this JVM (library and clients) used %.2f ms of CPU per workflow, PostgreSQL %.2f ms; the machine was busy %.0f %% of %d cores",
                (double) jvm / workflows, (double) postgres / workflows, 100.0 * machine / (cores * (double) Math.max(1, wallMillis)), cores);
    }

    private static long jvmMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    /**
     * The PostgreSQL processes' CPU: each one's own, and the children each has reaped (the
     * postmaster's: a backend that ended meanwhile).
     */
    private static long postgresMillis() throws IOException {
        long ticks = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (stat.contains("(postgres)")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                    }
                } catch (IOException gone) {
                    // a process that ended meanwhile
                }
            }
        }
        return ticks * 1000 / CLOCK_TICKS;
    }

    /** Busy CPU of the whole machine (not idle nor waiting for I/O). */
    private static long machineMillis() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < cpu.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(cpu[i]);
            }
        }
        return busy * 1000 / CLOCK_TICKS;
    }
}

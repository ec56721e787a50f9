package io.castellan.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time as Linux's /proc counts it, in milliseconds: a process's, this JVM's, PostgreSQL's and
 * the whole machine's. Only the JDK: the peer's benchmark (src/peer) compiles this file too.
 */
public final class ProcCpu {

    /** Linux's USER_HZ, 100 on every kernel these machines run. */
    private static final long CLOCK_TICKS = 100;

    private ProcCpu() {
    }

    /** User and system CPU ticks from a process's or thread's {@code stat} line. */
    static long ticks(String stat) {
        // fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th
        String[] fields = fieldsAfterCommand(stat);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long millis(long ticks) {
        return ticks * 1000 / CLOCK_TICKS;
    }

    /** CPU time a process has used so far (user and system, all its threads). */
    static long processMillis(String pid) throws IOException {
        return millis(ticks(Files.readString(Path.of("/proc", pid, "stat"))));
    }

    /** CPU time this JVM has used so far. */
    public static long jvmMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    /** CPU time the whole machine has used so far (every process, all cores, not idle nor waiting for I/O). */
    public static long machineMillis() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < cpu.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(cpu[i]);
            }
        }
        return millis(busy);
    }

    /**
     * CPU time the machine's PostgreSQL processes (postmaster, backends, writers) have used so far,
     * with the children each has reaped (the postmaster's: backends that ended); 0 where none runs.
     * The benchmarks' cluster is the only one on these machines.
     */
    public static long postgresMillis() throws IOException {
        long ticks = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException gone) {
                    continue; // a process that ended meanwhile
                }
                if (stat.contains("(postgres)")) {
                    // cutime and cstime, the 16th and 17th fields: reaped children
                    String[] fields = fieldsAfterCommand(stat);
                    ticks += ticks(stat) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                }
            }
        }
        return millis(ticks);
    }

    private static String[] fieldsAfterCommand(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}

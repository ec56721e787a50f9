package io.castellan.peer;

import io.castellan.bench.ProcCpu;
import java.io.IOException;

/** CPU time of this JVM, of PostgreSQL and of the whole machine over a round, read as Castellan's benchmarks read theirs. */
final class CpuMeter {

    private final long jvm0 = ProcCpu.jvmMillis();
    private final long postgres0 = ProcCpu.postgresMillis();
    private final long machine0 = ProcCpu.machineMillis();
    private final long started = System.nanoTime();
    private long jvm;
    private long postgres;
    private long machine;
    private long wallMillis;

    CpuMeter() throws IOException {
    }

    void stop() throws IOException {
        jvm = ProcCpu.jvmMillis() - jvm0;
        postgres = ProcCpu.postgresMillis() - postgres0;
        machine = ProcCpu.machineMillis() - machine0;
        wallMillis = (System.nanoTime() - started) / 1_000_000;
    }

    String perWorkflow(int workflows) {
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format("this JVM (library and clients) used %.2f ms of CPU per workflow, PostgreSQL %.2f ms; the machine was busy %.0f %% of %d cores",
                (double) jvm / workflows, (double) postgres / workflows, 100.0 * machine / (cores * (double) Math.max(1, wallMillis)), cores);
    }
}

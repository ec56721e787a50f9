package io.castellan.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A started child process seen through to its end, for the sandbox and the reviewer's git alike:
 * its input fed and its output drained on threads of their own (so neither side blocks on a full
 * pipe), each stream kept up to a limit, and the process killed with its whole tree when its time
 * runs out or the waiting thread is interrupted (a cancel, the server stopping).
 */
final class ChildProcess {

    /** How it ended: the exit code (137 when killed), what it wrote (each stream cut at the limit), whether it ran out of time. */
    record Ended(int exitCode, String out, String err, boolean truncated, boolean timedOut) {
    }

    private ChildProcess() {
    }

    static Ended await(Process process, String stdin, Duration timeout, long kept) throws InterruptedException {
        CappedStream out = new CappedStream(kept);
        CappedStream err = new CappedStream(kept);
        Thread readOut = Thread.ofVirtual().start(() -> out.drain(process.getInputStream()));
        Thread readErr = Thread.ofVirtual().start(() -> err.drain(process.getErrorStream()));
        Thread.ofVirtual().start(() -> feed(process, stdin));
        boolean ended;
        try {
            ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill(process);
                process.waitFor();
            }
            readOut.join();
            readErr.join();
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        return new Ended(process.exitValue(), out.text(), err.text(), out.truncated() || err.truncated(), !ended);
    }

    /** The process and everything it started: killing bwrap's PID 1 would end a sandbox's namespace, but nothing is left to chance. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void feed(Process process, String stdin) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // it ended without reading all of it: its exit code says why
        }
    }
}

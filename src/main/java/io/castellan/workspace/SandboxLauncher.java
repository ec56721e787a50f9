package io.castellan.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts sandbox processes from one long-lived platform thread. bubblewrap's
 * {@code --die-with-parent} is a parent-death signal, which Linux sends when the <em>thread</em>
 * that started the process ends, not the JVM: started from an invocation's virtual thread, a
 * sandbox would be killed whenever the carrier thread under it retired (idle for 30 s), in the
 * middle of a long build. From this thread it dies only with the server (so a kill -9 of the
 * server takes its sandboxes along) or when the launcher is closed.
 */
final class SandboxLauncher implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("castellan-sandbox-launcher").factory());

    Process start(ProcessBuilder builder) throws IOException, InterruptedException {
        try {
            return thread.submit(builder::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

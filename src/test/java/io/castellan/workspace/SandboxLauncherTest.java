package io.castellan.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A sandbox outlives the thread that asked for it: bubblewrap's parent-death signal follows the
 * thread that started it, so the launcher's own thread starts it. (Needs bwrap, as the server does.)
 */
class SandboxLauncherTest {

    private static final List<String> SLEEPER = List.of("/usr/bin/bwrap", "--die-with-parent", "--ro-bind", "/", "/", "--", "/bin/sleep", "60");

    /** Starts the sleeper from a thread that ends at once, with or without the launcher. */
    private static Process startFromAShortLivedThread(SandboxLauncher launcher) throws Exception {
        AtomicReference<Process> started = new AtomicReference<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                ProcessBuilder builder = new ProcessBuilder(SLEEPER);
                Process process = launcher == null ? builder.start() : launcher.start(builder);
                started.set(process);
                // bwrap arms its parent-death signal before it starts the sandbox's child: the caller
                // ends only after that, or the signal could be armed too late to ever fire
                await().atMost(Duration.ofSeconds(10)).until(() -> process.descendants().findAny().isPresent());
            } catch (Exception e) {
                failed.set(e);
            }
        });
        caller.join();
        assertThat(failed.get()).isNull();
        return started.get();
    }

    @Test
    void aSandboxStartedByTheLauncherOutlivesItsCaller() throws Exception {
        try (SandboxLauncher launcher = new SandboxLauncher()) {
            Process process = startFromAShortLivedThread(launcher);
            try {
                assertThat(process.waitFor(1, TimeUnit.SECONDS)).as("still running a second after its caller ended").isFalse();
            } finally {
                ChildProcess.kill(process);
            }
        }
    }

    @Test
    void withoutTheLauncherItDiesWithItsCaller() throws Exception {
        Process process = startFromAShortLivedThread(null);
        try {
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("killed by its parent-death signal").isTrue();
        } finally {
            ChildProcess.kill(process);
        }
    }
}

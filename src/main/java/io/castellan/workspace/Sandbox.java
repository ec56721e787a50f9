package io.castellan.workspace;

import io.castellan.manifest.WorkspaceSpec;
import io.castellan.tool.ToolException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs commands in bubblewrap sandboxes ({@link SandboxCommand}), each killed with its whole
 * process tree when its time runs out, when its invocation is cancelled (the thread is
 * interrupted) or when the application stops.
 */
@ApplicationScoped
public class Sandbox {

    private static final boolean AS_ROOT = "root".equals(System.getProperty("user.name"));
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final SandboxLauncher launcher = new SandboxLauncher();

    /**
     * Runs {@code command} in the sandbox with {@code workspace} as its writable directory.
     *
     * @param stdin what the command reads, or null for nothing
     * @throws ToolException when the sandbox cannot start, or the call is cancelled
     */
    public SandboxOutcome run(Path workspace, WorkspaceSpec.Limits limits, List<String> networkAllow, List<String> command, String stdin,
                              Duration timeout) {
        if (networkAllow.isEmpty()) {
            return run(new SandboxCommand(workspace, limits, command), stdin, timeout, null);
        }
        EgressProxy proxy;
        try {
            proxy = EgressProxy.open(new NetworkAllow(networkAllow));
        } catch (IOException e) {
            throw new ToolException("the sandbox's network proxy could not start: " + e.getMessage());
        }
        try (proxy) {
            return run(new SandboxCommand(workspace, limits, command, proxy.socket()), stdin, timeout, proxy);
        }
    }

    private SandboxOutcome run(SandboxCommand sandboxed, String stdin, Duration timeout, EgressProxy proxy) {
        ProcessBuilder builder = new ProcessBuilder(sandboxed.argv(AS_ROOT));
        // bwrap's own process (PID 1 inside) keeps the environment it was started with: give it none
        builder.environment().clear();
        Process process;
        try {
            process = launcher.start(builder);
        } catch (IOException e) {
            throw new ToolException("the sandbox could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("the command was stopped before it started: its invocation was cancelled or the server is stopping");
        }
        live.add(process);
        try {
            ChildProcess.Ended ended = ChildProcess.await(process, stdin, timeout, sandboxed.limits().outputBytes());
            return new SandboxOutcome(ended.exitCode(), ended.out(), ended.err(), ended.truncated(), ended.timedOut(),
                    proxy == null ? List.of() : proxy.refused());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("the command was stopped: its invocation was cancelled or the server is stopping");
        } finally {
            live.remove(process);
        }
    }

    /** The server stops: no sandbox outlives it. */
    @PreDestroy
    void stopAll() {
        live.forEach(ChildProcess::kill);
        launcher.close();
    }

    /** True when a server running as root must make the workspace its sandbox user's. */
    static boolean asRoot() {
        return AS_ROOT;
    }

    /**
     * Makes a directory tree the sandbox's own when the server is root (it runs sandboxes as an
     * unprivileged user), and lets that user reach it: bubblewrap opens the directory as that user,
     * so each directory above it gets the others' search bit (to pass through, never to list).
     * Liberty makes its server directories 750; the files in them keep their modes.
     */
    static void handOver(Path tree) throws IOException {
        if (!AS_ROOT) {
            return;
        }
        for (Path up = tree.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> modes = Files.getPosixFilePermissions(up);
            if (modes.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(up, modes);
            }
        }
        try (var paths = Files.walk(tree)) {
            // .git too, so git inside sees a repository it owns; its mount is read-only whoever owns it
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(p, "unix:uid", SandboxCommand.HOST_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", SandboxCommand.HOST_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }
}

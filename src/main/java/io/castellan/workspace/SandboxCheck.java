package io.castellan.workspace;

import io.castellan.manifest.WorkspaceSpec;
import io.castellan.tool.ToolException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * At start-up: kills sandboxes a killed server left behind, then checks that a sandbox starts
 * here (a trivial bubblewrap run that writes and reads a file in a workspace). A server where it
 * does not refuses manifests with a {@code workspace}, and says why in {@code /health/ready}.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SandboxCheck {

    private static final Logger LOG = Logger.getLogger(SandboxCheck.class.getName());

    @Inject
    private Sandbox sandbox;

    /** Why sandboxes do not work here; null when they do. */
    private volatile String problem = "not checked yet";

    /** A check that found sandboxes broken, for tests of what depends on it. */
    static SandboxCheck failing(String problem) {
        SandboxCheck check = new SandboxCheck();
        check.problem = problem;
        return check;
    }

    @PostConstruct
    void check() {
        reapOrphans();
        problem = probe();
        if (problem == null) {
            LOG.info(() -> "Sandbox (bubblewrap) works; workspaces under " + WorkspaceDirs.root());
        } else {
            LOG.warning(() -> "Sandbox (bubblewrap) does not work here, so manifests with a workspace are refused: " + problem);
        }
    }

    public boolean works() {
        return problem == null;
    }

    /** Why sandboxes do not work on this server, or null. */
    public String problem() {
        return problem;
    }

    /** True when a sandbox can have a network allow-list: its relay to the proxy, socat, is installed. */
    public boolean relays() {
        return java.nio.file.Files.isExecutable(Path.of("/usr/bin/socat"));
    }

    private String probe() {
        Path dir = WorkspaceDirs.root().resolve("check-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            Sandbox.handOver(dir);
            SandboxOutcome outcome = sandbox.run(dir, WorkspaceSpec.Limits.DEFAULT, List.of(), List.of("/bin/sh", "-c", "echo ok > probe && cat probe"),
                    null, Duration.ofSeconds(30));
            if (outcome.exitCode() != 0 || !outcome.stdout().strip().equals("ok")) {
                return "a trial sandbox failed (exit " + outcome.exitCode() + "): " + outcome.tail(300).strip();
            }
            return null;
        } catch (ToolException e) {
            return e.getMessage() + " (install bubblewrap: apt-get install bubblewrap)";
        } catch (IOException | RuntimeException e) {
            return "the workspace directory " + WorkspaceDirs.root() + " is not usable: " + e.getMessage();
        } finally {
            try {
                WorkspaceDirs.delete(dir);
            } catch (IOException e) {
                LOG.fine(() -> "Could not remove " + dir + ": " + e.getMessage());
            }
        }
    }

    /** A server killed with -9 cannot kill its sandboxes; the next start does, before any invocation resumes. */
    private static void reapOrphans() {
        String root = WorkspaceDirs.root().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().filter(c -> c.contains("bwrap") && c.contains(root + "/")).isPresent())
                .forEach(p -> {
                    LOG.info(() -> "Killing sandbox " + p.pid() + ", left by a server that stopped without ending it");
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
    }
}

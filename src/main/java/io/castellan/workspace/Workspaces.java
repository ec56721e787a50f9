package io.castellan.workspace;

import io.castellan.manifest.WorkspaceSpec;
import io.castellan.secret.Secrets;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes an invocation's workspace the first time one of its tools needs it: the reviewer clones
 * the repository (with the process's credentials, when it has some) into {@code base}, and the
 * executor's copy {@code exec} is cloned from that, so it holds no remote, no credential and no
 * hook, and is handed to the sandbox user. A retried step finds the workspace as it was left.
 */
@ApplicationScoped
public class Workspaces {

    @Inject
    private Secrets secrets;

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** The invocation's workspace, made now if it is not there yet. */
    Path prepare(ToolContext context) {
        WorkspaceSpec spec = spec(context);
        Path dir = WorkspaceDirs.of(context.invocationId());
        synchronized (locks.computeIfAbsent(context.invocationId(), id -> new Object())) {
            if (Files.isDirectory(dir.resolve("exec"))) {
                return dir;
            }
            try {
                make(context, spec, dir);
            } catch (IOException e) {
                throw new ToolException("the workspace could not be made: " + e.getMessage());
            }
            return dir;
        }
    }

    private void make(ToolContext context, WorkspaceSpec spec, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("home"));
        Git git = git(context, dir);
        Path base = dir.resolve("base");
        if (!Files.isDirectory(base)) {
            Path partial = dir.resolve("base.partial");
            WorkspaceDirs.delete(partial);
            Git.Result clone = git.run(dir, null, "clone", "--quiet", "--no-tags", "--single-branch", "--branch", spec.branch(), "--",
                    spec.repo(), partial.toString());
            if (!clone.ok()) {
                throw new ToolException("the workspace could not be made: cloning " + spec.repo() + " (branch " + spec.branch() + ") failed: "
                        + clone.why());
            }
            Files.move(partial, base, StandardCopyOption.ATOMIC_MOVE);
        }
        Path partial = dir.resolve("exec.partial");
        WorkspaceDirs.delete(partial);
        git.must(dir, "the executor's copy could not be made", "clone", "--quiet", "--no-hardlinks", "--", base.toString(), partial.toString());
        git.must(partial, "the executor's copy could not be made", "remote", "remove", "origin");
        Sandbox.handOver(partial);
        Files.move(partial, dir.resolve("exec"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The reviewer's git for this workspace: with the credentials for the remote, when the manifest names them. */
    Git git(ToolContext context, Path dir) {
        WorkspaceSpec spec = spec(context);
        if (spec.credentials() == null) {
            return new Git(dir.resolve("home"), Map.of());
        }
        try {
            String password = secrets.resolve(context.process(), context.manifest(), Set.of(spec.credentials().secret()))
                    .get(spec.credentials().secret());
            return new Git(dir.resolve("home"), Git.credentialHeader(spec.credentials().username(), password));
        } catch (Secrets.Unavailable e) {
            throw new ToolException("the repository's credentials are not available: " + e.getMessage());
        }
    }

    static WorkspaceSpec spec(ToolContext context) {
        WorkspaceSpec spec = context.manifest().workspace();
        if (spec == null) {
            throw new ToolException("this process has no workspace");
        }
        return spec;
    }

    /** Forgets the lock of an invocation whose workspace is gone. */
    void forget(String invocationId) {
        locks.remove(invocationId);
    }
}

package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.manifest.WorkspaceSpec;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trusted side of a workspace. It takes the executor's change as a diff against the base,
 * refuses paths it may not touch, applies it to its own clean clone, runs {@code verify} there in
 * a sandbox of its own and, only if that passes, commits as its own author and pushes a branch with
 * the process's credentials, which no sandbox ever holds. The verdict is the tool's result.
 */
@ApplicationScoped
public class Reviewer {

    private static final int MAX_DIFF = 16 << 20;
    private static final int TAIL = 4000;
    static final String AUTHOR = "Castellan reviewer";
    static final String AUTHOR_EMAIL = "reviewer@castellan.invalid";

    @Inject
    private Workspaces workspaces;

    @Inject
    private Sandbox sandbox;

    @Inject
    private CommandLog log;

    JsonNode review(ToolContext context, String message) {
        WorkspaceSpec spec = Workspaces.spec(context);
        Path dir = workspaces.prepare(context);
        Path recorded = dir.resolve("verdicts").resolve(context.step() + ".json");
        try {
            if (Files.exists(recorded)) {
                // a retry of a step whose change was pushed before the server stopped: the same verdict, nothing pushed twice
                return Json.read(Files.readString(recorded, StandardCharsets.UTF_8));
            }
            Git git = workspaces.git(context, dir);
            Proposal proposal = proposal(git, dir);
            ObjectNode intent = proposal.intent(log.since(context.invocationId()));
            if (proposal.changes().isEmpty()) {
                return rejected("nothing changed: the workspace is the same as " + spec.branch(), intent, null);
            }
            Optional<String> refusal = ChangePolicy.refusal(proposal.changes(), spec.paths());
            if (refusal.isPresent()) {
                return rejected(refusal.get(), intent, null);
            }
            if (proposal.diff().length() > MAX_DIFF) {
                return rejected("the change is larger than 16 MiB", intent, null);
            }
            Path review = dir.resolve("review");
            WorkspaceDirs.delete(review);
            git.must(dir, "the reviewer's copy could not be made", "clone", "--quiet", "--no-hardlinks", "--", dir.resolve("base").toString(),
                    review.toString());
            Git.Result applied = git.run(review, proposal.diff(), "apply", "--index", "--binary", "-");
            if (!applied.ok()) {
                return rejected("the change does not apply to " + spec.branch() + ": " + applied.why(), intent, null);
            }
            Sandbox.handOver(review);
            SandboxOutcome verified = sandbox.run(review, spec.limits(), List.of("/bin/sh", "-c", spec.verify()), null,
                    Duration.ofSeconds(spec.limits().cpuSeconds() + 60L));
            ObjectNode verification = Json.object().put("command", spec.verify()).put("exit_code", verified.exitCode())
                    .put("timed_out", verified.timedOut()).put("output_tail", verified.tail(TAIL));
            if (verified.exitCode() != 0 || verified.timedOut()) {
                return rejected("verification failed: '" + spec.verify() + "' " + (verified.timedOut() ? "ran out of time" : "exited " + verified.exitCode()),
                        intent, verification);
            }
            ObjectNode verdict = accept(context, spec, git, dir, message, intent, verification);
            Files.createDirectories(recorded.getParent());
            Files.writeString(recorded, Json.write(verdict), StandardCharsets.UTF_8);
            return verdict;
        } catch (IOException e) {
            throw new ToolException("the review could not be done: " + e.getMessage());
        }
    }

    /** The executor's copy compared with its base, through an index of the reviewer's own (the copy's .git is not touched). */
    private static Proposal proposal(Git git, Path dir) throws IOException {
        Path exec = dir.resolve("exec");
        Path index = dir.resolve("review.index");
        Files.deleteIfExists(index);
        Map<String, String> own = Map.of("GIT_INDEX_FILE", index.toString());
        must(git.run(exec, null, own, "read-tree", "HEAD"), "reading the base");
        must(git.run(exec, null, own, "add", "--all", "--", "."), "reading the executor's copy");
        String raw = must(git.run(exec, null, own, "diff", "--cached", "--raw", "-z", "--no-renames", "HEAD"), "comparing").out();
        String diff = must(git.run(exec, null, own, "diff", "--cached", "--binary", "--no-renames", "--no-ext-diff", "--no-textconv", "HEAD"),
                "comparing").out();
        return new Proposal(diff, Proposal.changes(raw));
    }

    private static Git.Result must(Git.Result result, String what) {
        if (!result.ok()) {
            throw new ToolException("the reviewer failed " + what + ": " + result.why());
        }
        return result;
    }

    private ObjectNode accept(ToolContext context, WorkspaceSpec spec, Git git, Path dir, String message, ObjectNode intent, ObjectNode verification)
            throws IOException {
        Path review = dir.resolve("review");
        // the same commit on a retry: same tree, parent, author and time
        String when = proposedAt(dir, context.step());
        Map<String, String> author = Map.of("GIT_AUTHOR_NAME", AUTHOR, "GIT_AUTHOR_EMAIL", AUTHOR_EMAIL, "GIT_COMMITTER_NAME", AUTHOR,
                "GIT_COMMITTER_EMAIL", AUTHOR_EMAIL, "GIT_AUTHOR_DATE", when, "GIT_COMMITTER_DATE", when);
        String body = message.strip() + "\n\nProposed-by: " + context.process() + " (invocation " + context.invocationId() + ", step " + context.step() + ")\n";
        must(git.run(review, body, author, "commit", "--quiet", "--no-verify", "--file=-"), "committing");
        String commit = must(git.run(review, null, "rev-parse", "HEAD"), "reading the commit").out().strip();
        String branch = spec.pushPrefix() + "/" + context.stableId("change").substring(0, 8);
        Git.Result pushed = git.run(review, null, "push", "--quiet", "--no-verify", "--", spec.repo(), "HEAD:refs/heads/" + branch);
        if (!pushed.ok()) {
            throw new ToolException("the change passed verification but pushing " + branch + " to " + spec.repo() + " failed: " + pushed.why());
        }
        // the next change is proposed on top of this one
        Path exec = dir.resolve("exec");
        must(git.run(dir.resolve("base"), null, "fetch", "--quiet", "--", review.toString(), "HEAD"), "updating the base");
        must(git.run(dir.resolve("base"), null, "reset", "--quiet", "--hard", commit), "updating the base");
        must(git.run(exec, null, "fetch", "--quiet", "--", review.toString(), "HEAD"), "updating the executor's copy");
        must(git.run(exec, null, "update-ref", "HEAD", commit), "updating the executor's copy");
        must(git.run(exec, null, "reset", "--quiet"), "updating the executor's copy");
        Sandbox.handOver(exec.resolve(".git"));
        log.accepted(context.invocationId());
        ObjectNode verdict = Json.object().put("verdict", "accepted").put("commit", commit).put("branch", branch).put("remote", spec.repo());
        verdict.set("intent", intent);
        verdict.set("verification", verification);
        return verdict;
    }

    private static String proposedAt(Path dir, int step) throws IOException {
        Path file = dir.resolve("verdicts").resolve(step + ".time");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Instant.now().getEpochSecond() + " +0000");
        }
        return Files.readString(file).strip();
    }

    private static ObjectNode rejected(String reason, ObjectNode intent, ObjectNode verification) {
        ObjectNode verdict = Json.object().put("verdict", "rejected").put("reason", reason);
        verdict.set("intent", intent);
        if (verification != null) {
            verdict.set("verification", verification);
        }
        return verdict;
    }
}

package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.manifest.WorkspaceSpec;
import io.castellan.platform.Json;
import io.castellan.tool.PreparedTool;
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

    /** Verified and committed in the reviewer's clone, not pushed yet. */
    record Verified(String commit, String branch, ObjectNode intent, ObjectNode verification) {
    }

    /** Reviews and, if the change passes, pushes it: the verdict. */
    JsonNode review(ToolContext context, String message) {
        JsonNode recorded = recorded(context);
        if (recorded != null) {
            // a retry of a step whose change was pushed before the server stopped: the same verdict, nothing pushed twice
            return recorded;
        }
        Object verified = verify(context, message);
        return verified instanceof Verified v ? push(context, v, null) : (JsonNode) verified;
    }

    /** Reviews up to the push: a rejection, or what a person is asked to approve (the change, its verification, where it goes). */
    PreparedTool.Prepared prepare(ToolContext context, String message) {
        JsonNode recorded = recorded(context);
        if (recorded != null) {
            return PreparedTool.Prepared.done(recorded);
        }
        Object verified = verify(context, message);
        if (!(verified instanceof Verified v)) {
            return PreparedTool.Prepared.done((JsonNode) verified);
        }
        ObjectNode details = Json.object().put("commit", v.commit()).put("branch", v.branch()).put("remote", Workspaces.spec(context).repo())
                .put("message", message);
        details.set("intent", v.intent());
        details.set("verification", v.verification());
        write(dir(context).resolve("verdicts").resolve(context.step() + ".verified.json"), details);
        return PreparedTool.Prepared.awaiting("push " + v.branch() + " (" + v.intent().path("files").size() + " file(s), verified): "
                + firstLine(message), details);
    }

    /** Pushes what {@link #prepare} verified, once a person approved it. */
    JsonNode complete(ToolContext context, JsonNode decision) {
        JsonNode recorded = recorded(context);
        if (recorded != null) {
            return recorded;
        }
        Path file = dir(context).resolve("verdicts").resolve(context.step() + ".verified.json");
        if (!Files.exists(file)) {
            throw new ToolException("the verified change is gone from the workspace; propose it again");
        }
        JsonNode details = read(file);
        return push(context, new Verified(details.path("commit").asText(), details.path("branch").asText(), (ObjectNode) details.get("intent"),
                (ObjectNode) details.get("verification")), decision);
    }

    private Path dir(ToolContext context) {
        return workspaces.prepare(context);
    }

    private JsonNode recorded(ToolContext context) {
        Path file = dir(context).resolve("verdicts").resolve(context.step() + ".json");
        return Files.exists(file) ? read(file) : null;
    }

    /** A rejected verdict, or the change {@link Verified} and committed in the reviewer's clone. */
    private Object verify(ToolContext context, String message) {
        WorkspaceSpec spec = Workspaces.spec(context);
        Path dir = dir(context);
        try {
            Optional<String> nested = nestedRepository(dir.resolve("exec"));
            if (nested.isPresent()) {
                // refused before git reads the copy: a planted .git could point the reviewer's git elsewhere
                return rejected(nested.get() + ": nested repositories (a .git inside the workspace) are not accepted", null, null);
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
            SandboxOutcome verified = sandbox.run(review, spec.limits(), spec.networkAllow(), List.of("/bin/sh", "-c", spec.verify()), null,
                    Duration.ofSeconds(spec.limits().cpuSeconds() + 60L));
            ObjectNode verification = Json.object().put("command", spec.verify()).put("exit_code", verified.exitCode())
                    .put("timed_out", verified.timedOut()).put("output_tail", verified.tail(TAIL));
            if (verified.exitCode() != 0 || verified.timedOut()) {
                return rejected("verification failed: '" + spec.verify() + "' " + (verified.timedOut() ? "ran out of time" : "exited " + verified.exitCode()),
                        intent, verification);
            }
            return new Verified(commit(context, git, dir, message), spec.pushPrefix() + "/" + context.stableId("change").substring(0, 8), intent,
                    verification);
        } catch (IOException e) {
            throw new ToolException("the review could not be done: " + e.getMessage());
        }
    }

    /** The first {@code .git} below the copy's own, as a path in the repository. */
    private static Optional<String> nestedRepository(Path exec) throws IOException {
        Path own = exec.resolve(".git");
        try (var paths = Files.walk(exec)) {
            return paths.filter(p -> !p.startsWith(own) && p.getFileName().toString().equals(".git")).findFirst()
                    .map(p -> exec.relativize(p).toString());
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

    /** Commits the applied change in the reviewer's clone; the same commit on a retry (same tree, parent, author and time). */
    private static String commit(ToolContext context, Git git, Path dir, String message) throws IOException {
        Path review = dir.resolve("review");
        String when = proposedAt(dir, context.step());
        Map<String, String> author = Map.of("GIT_AUTHOR_NAME", AUTHOR, "GIT_AUTHOR_EMAIL", AUTHOR_EMAIL, "GIT_COMMITTER_NAME", AUTHOR,
                "GIT_COMMITTER_EMAIL", AUTHOR_EMAIL, "GIT_AUTHOR_DATE", when, "GIT_COMMITTER_DATE", when);
        String body = message.strip() + "\n\nProposed-by: " + context.process() + " (invocation " + context.invocationId() + ", step " + context.step() + ")\n";
        must(git.run(review, body, author, "commit", "--quiet", "--no-verify", "--file=-"), "committing");
        return must(git.run(review, null, "rev-parse", "HEAD"), "reading the commit").out().strip();
    }

    /** Pushes the verified commit with the process's credentials; the next change is proposed on top of it. */
    private JsonNode push(ToolContext context, Verified verified, JsonNode approval) {
        WorkspaceSpec spec = Workspaces.spec(context);
        Path dir = dir(context);
        Path review = dir.resolve("review");
        Git git = workspaces.git(context, dir);
        Git.Result pushed = git.run(review, null, "push", "--quiet", "--no-verify", "--", spec.repo(),
                verified.commit() + ":refs/heads/" + verified.branch());
        if (!pushed.ok()) {
            throw new ToolException("the change passed verification but pushing " + verified.branch() + " to " + spec.repo() + " failed: "
                    + pushed.why());
        }
        Path exec = dir.resolve("exec");
        try {
            must(git.run(dir.resolve("base"), null, "fetch", "--quiet", "--", review.toString(), verified.commit()), "updating the base");
            must(git.run(dir.resolve("base"), null, "reset", "--quiet", "--hard", verified.commit()), "updating the base");
            must(git.run(exec, null, "fetch", "--quiet", "--", review.toString(), verified.commit()), "updating the executor's copy");
            must(git.run(exec, null, "update-ref", "HEAD", verified.commit()), "updating the executor's copy");
            must(git.run(exec, null, "reset", "--quiet"), "updating the executor's copy");
            Sandbox.handOver(exec.resolve(".git"));
            log.accepted(context.invocationId());
            ObjectNode verdict = Json.object().put("verdict", "accepted").put("commit", verified.commit()).put("branch", verified.branch())
                    .put("remote", spec.repo());
            verdict.set("intent", verified.intent());
            verdict.set("verification", verified.verification());
            if (approval != null) {
                verdict.set("approval", approval);
            }
            write(dir.resolve("verdicts").resolve(context.step() + ".json"), verdict);
            return verdict;
        } catch (IOException e) {
            throw new ToolException("the change was pushed, but the workspace could not follow it: " + e.getMessage());
        }
    }

    private static void write(Path file, JsonNode value) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.write(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolException("the review could not be recorded: " + e.getMessage());
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Json.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ToolException("the review could not be read back: " + e.getMessage());
        }
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
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
        if (intent != null) {
            verdict.set("intent", intent);
        }
        if (verification != null) {
            verdict.set("verification", verification);
        }
        return verdict;
    }
}

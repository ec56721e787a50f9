package io.castellan.workspace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.manifest.WorkspaceSpec;
import io.castellan.platform.Json;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An executor tool: it runs in the invocation's sandbox, on the executor's copy of the repository,
 * and never sees a secret (a {@code ${secret:NAME}} in its arguments is refused before it runs).
 */
abstract class WorkspaceTool implements Tool {

    static final int MAX_PATH = 1000;

    @Inject
    Workspaces workspaces;

    @Inject
    Sandbox sandbox;

    @Override
    public boolean takesSecrets() {
        return false;
    }

    /** Runs a command in the sandbox on the executor's copy. */
    SandboxOutcome inSandbox(ToolContext context, List<String> command, String stdin, Duration timeout) {
        WorkspaceSpec spec = Workspaces.spec(context);
        Path exec = workspaces.prepare(context).resolve("exec");
        return sandbox.run(exec, spec.limits(), spec.networkAllow(), command, stdin, timeout);
    }

    /** A path argument: relative to the workspace (the sandbox holds it in there whatever it says). */
    static String path(com.fasterxml.jackson.databind.JsonNode args, String field, String fallback) {
        com.fasterxml.jackson.databind.JsonNode value = args.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw new ToolException(field + " is required: a path in the workspace");
            }
            return fallback;
        }
        String path = value.asText("");
        if (!value.isTextual() || path.isEmpty() || path.length() > MAX_PATH || path.indexOf('\0') >= 0) {
            throw new ToolException(field + " must be a path in the workspace of 1 to " + MAX_PATH + " characters");
        }
        return path;
    }

    /** The failure of a command that should not fail, in its own words. */
    static ToolException failed(String what, SandboxOutcome outcome) {
        String why = outcome.timedOut() ? "it ran out of time" : outcome.tail(2000).strip();
        return new ToolException(what + " (exit " + outcome.exitCode() + "): " + why);
    }

    static ObjectNode output(SandboxOutcome outcome) {
        ObjectNode result = Json.object().put("exit_code", outcome.exitCode()).put("stdout", outcome.stdout()).put("stderr", outcome.stderr());
        if (outcome.truncated()) {
            result.put("truncated", true);
        }
        if (outcome.timedOut()) {
            result.put("timed_out", true);
        }
        if (!outcome.refused().isEmpty()) {
            outcome.refused().forEach(result.putArray("network_refused")::add);
        }
        return result;
    }
}

package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * {@code shell {command, timeout?}}: a shell command in the sandbox, in the workspace, without a
 * network; its exit code, stdout and stderr (each cut at the output limit). Killed with everything
 * it started when its time (default 120 s, at most an hour) runs out. Logged for the reviewer's verdict.
 */
@ApplicationScoped
public class ShellTool extends WorkspaceTool {

    static final int DEFAULT_TIMEOUT = 120;
    static final int LONGEST = 3600;

    @Inject
    CommandLog log;

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Runs a shell command (sh -c) in the workspace, sandboxed and without network access; returns its exit code,"
                        + " stdout and stderr.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("command", "the command line, run by /bin/sh in the repository's top directory")
                        .addIntegerProperty("timeout", "seconds before it is killed: 1 to " + LONGEST + ", default " + DEFAULT_TIMEOUT)
                        .required("command")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String command = args.path("command").asText("");
        if (!args.path("command").isTextual() || command.isBlank() || command.length() > 100_000) {
            throw new ToolException("command is required: a shell command of 1 to 100000 characters");
        }
        int timeout = args.path("timeout").asInt(DEFAULT_TIMEOUT);
        if (timeout < 1 || timeout > LONGEST) {
            throw new ToolException("timeout must be from 1 to " + LONGEST + " seconds");
        }
        SandboxOutcome outcome = inSandbox(context, List.of("/bin/sh", "-c", command), null, Duration.ofSeconds(timeout));
        log.ran(context.invocationId(), command, outcome);
        ObjectNode result = output(outcome);
        if (outcome.timedOut()) {
            result.put("error", "killed after " + timeout + " s");
        }
        return result;
    }
}

package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** {@code list_files {path?, max_depth?}}: the files under a directory of the workspace (not .git), sorted; in the sandbox. */
@ApplicationScoped
public class ListFilesTool extends WorkspaceTool {

    @Override
    public String name() {
        return "list_files";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Lists the files under a directory of the workspace (default: all of it), without .git.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("path", "a directory, relative to the repository's top directory; . when absent")
                        .addIntegerProperty("max_depth", "how deep to go: 1 to 30, default 10")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String path = path(args, "path", ".");
        int depth = args.path("max_depth").asInt(10);
        if (depth < 1 || depth > 30) {
            throw new ToolException("max_depth must be from 1 to 30");
        }
        SandboxOutcome outcome = inSandbox(context, List.of("/usr/bin/find", path, "-maxdepth", String.valueOf(depth), "-name", ".git", "-prune",
                "-o", "-type", "f", "-print"), null, Duration.ofSeconds(60));
        if (outcome.exitCode() != 0) {
            throw failed("cannot list " + path, outcome);
        }
        ObjectNode result = Json.object();
        ArrayNode files = result.putArray("files");
        Arrays.stream(outcome.stdout().split("\n")).filter(f -> !f.isEmpty()).map(f -> f.startsWith("./") ? f.substring(2) : f).sorted()
                .forEach(files::add);
        if (outcome.truncated()) {
            result.put("truncated", true);
        }
        return result;
    }
}

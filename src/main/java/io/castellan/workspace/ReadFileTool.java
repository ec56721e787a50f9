package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** {@code read_file {path}}: a file of the workspace as text, cut at the output limit; read in the sandbox. */
@ApplicationScoped
public class ReadFileTool extends WorkspaceTool {

    @Override
    public String name() {
        return "read_file";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Reads a file of the workspace and returns its text.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("path", "the file, relative to the repository's top directory")
                        .required("path")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String path = path(args, "path", null);
        SandboxOutcome outcome = inSandbox(context, List.of("/bin/cat", "--", path), null, Duration.ofSeconds(60));
        if (outcome.exitCode() != 0) {
            throw failed("cannot read " + path, outcome);
        }
        var result = Json.object().put("path", path).put("content", outcome.stdout());
        if (outcome.truncated()) {
            result.put("truncated", true);
        }
        return result;
    }
}

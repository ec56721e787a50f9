package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** {@code write_file {path, content}}: writes (creates or replaces) a text file of the workspace, making its directories; in the sandbox. */
@ApplicationScoped
public class WriteFileTool extends WorkspaceTool {

    static final int MAX_CONTENT = 4 << 20;

    @Override
    public String name() {
        return "write_file";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Writes a text file in the workspace, replacing it if it exists and making its directories.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("path", "the file, relative to the repository's top directory")
                        .addStringProperty("content", "the whole new text of the file (at most 4 MiB)")
                        .required("path", "content")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String path = path(args, "path", null);
        JsonNode content = args.get("content");
        if (content == null || !content.isTextual() || content.asText().getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT) {
            throw new ToolException("content is required: the file's text, at most 4 MiB");
        }
        SandboxOutcome outcome = inSandbox(context, List.of("/bin/sh", "-c", "mkdir -p -- \"$(dirname -- \"$1\")\" && cat > \"$1\"", "write_file", path),
                content.asText(), Duration.ofSeconds(60));
        if (outcome.exitCode() != 0) {
            throw failed("cannot write " + path, outcome);
        }
        return Json.object().put("path", path).put("bytes", content.asText().getBytes(StandardCharsets.UTF_8).length);
    }
}

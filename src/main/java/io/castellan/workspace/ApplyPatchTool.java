package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * {@code apply_patch {patch}}: applies a unified diff to the workspace with {@code git apply}
 * (hunk line counts recounted, as models often get them wrong), in the sandbox; all or nothing.
 */
@ApplicationScoped
public class ApplyPatchTool extends WorkspaceTool {

    @Override
    public String name() {
        return "apply_patch";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Applies a unified diff (as git diff prints it, paths a/... and b/...) to the workspace; all hunks or none.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("patch", "the unified diff")
                        .required("patch")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        JsonNode patch = args.get("patch");
        if (patch == null || !patch.isTextual() || patch.asText().isBlank() || patch.asText().length() > WriteFileTool.MAX_CONTENT) {
            throw new ToolException("patch is required: a unified diff of at most 4 MiB");
        }
        String text = patch.asText().endsWith("\n") ? patch.asText() : patch.asText() + "\n";
        SandboxOutcome outcome = inSandbox(context, List.of("/usr/bin/git", "apply", "--recount", "--whitespace=nowarn", "--verbose", "-"),
                text, Duration.ofSeconds(60));
        if (outcome.exitCode() != 0) {
            throw failed("the patch does not apply", outcome);
        }
        return Json.object().put("applied", true).put("report", outcome.stderr().strip());
    }
}

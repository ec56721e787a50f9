package io.castellan.openmode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code rewrite_instructions {instructions, reason}}: the agent's own instructions, from its next invocation on. */
@ApplicationScoped
public class RewriteInstructionsTool extends MetaTool {

    static final int MAX_INSTRUCTIONS = 64 * 1024;

    @Override
    public String name() {
        return "rewrite_instructions";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Replaces your instructions with new ones, from your next invocation on (a new version of your manifest).")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("instructions", "the whole new instructions")
                        .addStringProperty("reason", "why: kept with the new version")
                        .required("instructions", "reason")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String instructions = SelfChanges.text(args, "instructions", MAX_INSTRUCTIONS);
        return change(context, args, (manifest, current) -> {
            manifest.put("instructions", instructions);
            return Json.object().put("instructions_chars", instructions.length());
        });
    }
}

package io.castellan.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.tool.ToolContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code memory_store {text, tags?, metadata?}}: remembers a text for later invocations, found again by its meaning. */
@ApplicationScoped
public class MemoryStoreTool extends MemoryTool {

    @Override
    public String name() {
        return "memory_store";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Stores a memory that later invocations of this process can find by meaning with memory_search.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("text", "what to remember, at most 32 KiB")
                        .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema())
                                .description("up to 20 labels to filter searches by").build())
                        .addProperty("metadata", JsonObjectSchema.builder().description("any JSON object kept with it").build())
                        .required("text")
                        .build())
                .build();
    }

    @Override
    List<String> stored(JsonNode args) {
        try {
            return List.of(MemoryInput.of(args).text());
        } catch (ProblemException invalid) {
            return List.of();
        }
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        MemoryInput input = checked(() -> MemoryInput.of(args));
        MemoryRow row = memories.store(context.process(), input, context.source(), context.invocationId());
        return Json.MAPPER.valueToTree(MemoryView.of(row));
    }
}

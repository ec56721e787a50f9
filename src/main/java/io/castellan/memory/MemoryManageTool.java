package io.castellan.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.FieldError;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** {@code memory_manage {id, action: update|delete, text?}}: corrects or forgets one of this process's memories. */
@ApplicationScoped
public class MemoryManageTool extends MemoryTool {

    @Override
    public String name() {
        return "memory_manage";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Changes the text of one of this process's memories (update) or forgets it (delete).")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("id", "the memory's id, as memory_store or memory_search gave it")
                        .addEnumProperty("action", List.of("update", "delete"))
                        .addStringProperty("text", "the new text, for update")
                        .required("id", "action")
                        .build())
                .build();
    }

    @Override
    List<String> stored(JsonNode args) {
        List<FieldError> errors = new ArrayList<>();
        boolean update = !args.path("id").asText("").isBlank() && "update".equals(args.path("action").asText(""));
        String text = update ? MemoryInput.text(args.get("text"), "text", errors) : null;
        return text == null || !errors.isEmpty() ? List.of() : List.of(text);
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String id = args.path("id").asText("");
        if (id.isBlank()) {
            throw new ToolException("id is required: the memory's id");
        }
        String action = args.path("action").asText("");
        if ("delete".equals(action)) {
            checked(() -> {
                memories.delete(context.process(), id, context.source(), context.invocationId());
                return null;
            });
            return Json.object().put("id", id).put("deleted", true);
        }
        if (!"update".equals(action)) {
            throw new ToolException("action must be update or delete");
        }
        List<FieldError> errors = new ArrayList<>();
        String text = MemoryInput.text(args.get("text"), "text", errors);
        if (!errors.isEmpty()) {
            throw new ToolException("text " + errors.get(0).reason());
        }
        MemoryRow row = checked(() -> memories.update(context.process(), id, text, context.source(), context.invocationId()));
        return Json.MAPPER.valueToTree(MemoryView.of(row));
    }
}

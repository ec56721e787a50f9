package io.castellan.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.castellan.platform.FieldError;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** {@code memory_search {query, limit?, tags?}}: this process's memories nearest in meaning to the query, with their scores. */
@ApplicationScoped
public class MemorySearchTool extends MemoryTool {

    @Override
    public String name() {
        return "memory_search";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Finds this process's memories nearest in meaning to the query (they need not share a word), best first,"
                        + " each with a score from -1 to 1.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("query", "what to look for, in words")
                        .addIntegerProperty("limit", "how many to return, 1-" + MemoryResource.MAX_SEARCH_LIMIT + " (default 5)")
                        .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema())
                                .description("only memories with every one of these tags").build())
                        .required("query")
                        .build())
                .build();
    }

    @Override
    List<String> searched(JsonNode args) {
        String query = args.path("query").asText("");
        return valid(query) ? List.of(query) : List.of();
    }

    private static boolean valid(String query) {
        return !MemoryInput.blank(query) && query.length() <= MemoryInput.MAX_TEXT_BYTES;
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String query = args.path("query").asText("");
        if (!valid(query)) {
            throw new ToolException("query is required: the text to search for, at most 32 KiB");
        }
        int limit = args.path("limit").asInt(5);
        if (limit < 1 || limit > MemoryResource.MAX_SEARCH_LIMIT) {
            throw new ToolException("limit must be between 1 and " + MemoryResource.MAX_SEARCH_LIMIT);
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> tags = MemoryInput.tags(args.get("tags"), "tags", errors);
        if (!errors.isEmpty()) {
            throw new ToolException(errors.get(0).field() + " " + errors.get(0).reason());
        }
        List<MemoryView> found = checked(() -> memories.search(context.process(), query, limit, new LinkedHashSet<>(tags))).stream()
                .map(MemoryView::of).toList();
        return Json.object().set("memories", Json.MAPPER.valueToTree(found));
    }
}

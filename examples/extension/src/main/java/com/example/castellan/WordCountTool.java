package com.example.castellan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An example tool of a team's own: {@code word_count {text}} answers {@code {words}}. It touches
 * nothing outside the server, so it is transactional: it runs inside the step that records its
 * result, exactly once. Named in a manifest as {@code tools: [word_count]}.
 */
@ApplicationScoped
public class WordCountTool implements Tool {

    @Override
    public String name() {
        return "word_count";
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Counts the words of a text.")
                .parameters(JsonObjectSchema.builder().addStringProperty("text", "the text").required("text").build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String text = args.path("text").asText("");
        if (text.length() > 1_000_000) {
            throw new ToolException("text may be at most a million characters");
        }
        String trimmed = text.strip();
        int words = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        return JsonNodeFactory.instance.objectNode().put("words", words);
    }
}

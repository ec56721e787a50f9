package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;
import io.castellan.state.States;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code state_get {key}}: the key's value, or {@code found: false}. */
@ApplicationScoped
public class StateGetTool implements Tool {

    @Inject
    private States states;

    @Override
    public String name() {
        return "state_get";
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Reads a key of this process's durable state; the value is null when the key is not set.")
                .parameters(JsonObjectSchema.builder().addStringProperty("key", "the state key").required("key").build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String key = StateSetTool.key(args);
        ObjectNode result = Json.object().put("key", key);
        states.get(context.process(), key).ifPresentOrElse(
                s -> result.put("found", true).set("value", s.value()),
                () -> result.put("found", false));
        return result;
    }
}

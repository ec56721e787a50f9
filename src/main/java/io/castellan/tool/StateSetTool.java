package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;
import io.castellan.state.States;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code state_set {key, value}}: writes a state key, with the invocation as its source. */
@ApplicationScoped
public class StateSetTool implements Tool {

    @Inject
    private States states;

    @Override
    public String name() {
        return "state_set";
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Writes a key of this process's durable state; it outlives this invocation.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("key", "the state key, 1-" + States.MAX_KEY_LENGTH + " characters")
                        .addProperty("value", ToolSchemas.anyValue("any JSON value"))
                        .required("key", "value")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String key = key(args);
        if (!args.has("value")) {
            throw new ToolException("value is required");
        }
        states.set(context.process(), key, args.get("value"), context.source(), context.invocationId());
        ObjectNode result = Json.object().put("key", key);
        result.set("value", args.get("value"));
        return result;
    }

    static String key(JsonNode args) {
        String key = args.path("key").asText("");
        if (key.isEmpty() || key.length() > States.MAX_KEY_LENGTH) {
            throw new ToolException("key is required: 1-" + States.MAX_KEY_LENGTH + " characters");
        }
        return key;
    }
}

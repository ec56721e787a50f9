package io.castellan.openmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * {@code create_tool {name, description, method, url, parameters, reason}}: a declarative HTTP tool
 * (a manifest's {@code http_tools}): a URL template filled with the arguments, under the process's
 * {@code network.allow}. Never code run in the server.
 */
@ApplicationScoped
public class CreateToolTool extends MetaTool {

    @Override
    public String name() {
        return "create_tool";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Creates an HTTP tool for yourself, from your next invocation on: a URL template such as"
                        + " https://api.example.com/weather/{city}, filled with the tool's arguments, on a host you may reach.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("name", "the tool's name: a-z, 0-9 and '_', starting with a letter")
                        .addStringProperty("description", "what it does, for the model that will call it")
                        .addEnumProperty("method", List.of("GET", "POST", "PUT", "PATCH", "DELETE"))
                        .addStringProperty("url", "the URL template; {arg} is replaced by that argument, URL-encoded")
                        .addProperty("parameters", JsonObjectSchema.builder()
                                .description("JSON Schema of its arguments: {type: object, properties: {arg: {type: string|integer|number|boolean,"
                                        + " description}}, required: [...]}").build())
                        .addStringProperty("reason", "why: kept with the new version")
                        .required("name", "description", "url", "reason")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        ObjectNode tool = Json.object().put("name", SelfChanges.text(args, "name", 64))
                .put("description", SelfChanges.text(args, "description", 2_000))
                .put("method", args.path("method").asText("GET")).put("url", SelfChanges.text(args, "url", 2_000));
        JsonNode parameters = args.get("parameters");
        if (parameters != null && !parameters.isNull()) {
            if (!parameters.isObject()) {
                throw new ToolException("parameters must be a JSON Schema object");
            }
            tool.set("parameters", parameters);
        }
        return change(context, args, (manifest, current) -> {
            ArrayNode tools = SelfChanges.list(manifest, "http_tools");
            tools.add(tool);
            return Json.object().put("tool", tool.get("name").asText());
        });
    }
}

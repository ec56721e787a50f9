package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.castellan.platform.Json;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Tool argument schemas: how they are written, and checking a model's arguments against them. */
public final class ToolSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** By specification (a value: equal specifications share one compiled schema); checked on every tool call. */
    private static final Map<ToolSpecification, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private ToolSchemas() {
    }

    /** A property that may hold any JSON value. */
    public static JsonSchemaElement anyValue(String description) {
        return JsonAnyOfSchema.builder().description(description).anyOf(
                new JsonStringSchema(), new JsonNumberSchema(), new JsonBooleanSchema(), JsonObjectSchema.builder().build(),
                JsonArraySchema.builder().build(), new JsonNullSchema()).build();
    }

    /** The specification's parameters as a JSON Schema document. */
    public static JsonNode asJsonSchema(ToolSpecification specification) {
        if (specification.parameters() == null) {
            return Json.object().put("type", "object");
        }
        return Json.MAPPER.valueToTree(JsonSchemaElementUtils.toMap(specification.parameters()));
    }

    /** Why the arguments do not fit the tool's schema, or empty when they do. */
    public static Optional<String> violations(ToolSpecification specification, JsonNode args) {
        if (args == null || !args.isObject()) {
            return Optional.of("arguments must be a JSON object, got: " + (args == null ? "nothing" : args.toString()));
        }
        JsonSchema schema = COMPILED.computeIfAbsent(specification, spec -> FACTORY.getSchema(asJsonSchema(spec)));
        Set<ValidationMessage> messages = schema.validate(args);
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("arguments do not match the tool's schema: "
                + messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
    }

    /** Why {@code schema} is not a JSON Schema Castellan can check answers against, or empty when it is one. */
    public static Optional<String> schemaProblem(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return Optional.of("must be a JSON Schema: a JSON object such as {\"type\": \"object\", \"required\": [\"answer\"]}");
        }
        JsonNode type = schema.get("type");
        if (type != null && !type.isTextual() && !type.isArray()) {
            return Optional.of("is not a JSON Schema: 'type' must be a type name or a list of them");
        }
        try {
            FACTORY.getSchema(schema).validate(Json.object());
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("is not a JSON Schema: " + e.getMessage());
        }
    }

    /** Why {@code value} does not match {@code schema} (checked by {@link #schemaProblem} first), or empty when it does. */
    public static Optional<String> mismatch(JsonNode schema, JsonNode value) {
        Set<ValidationMessage> messages = FACTORY.getSchema(schema).validate(value);
        return messages.isEmpty() ? Optional.empty()
                : Optional.of(messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
    }
}

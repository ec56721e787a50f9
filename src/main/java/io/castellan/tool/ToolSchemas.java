package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
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
import io.castellan.platform.SchemaReferences;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Tool argument schemas: how they are written, and checking a model's arguments against them. */
public final class ToolSchemas {

    /**
     * Reads nothing from outside the schema itself: a {@code $schema} or {@code $ref} naming a URL
     * (or a file) was fetched by the server, whoever wrote the schema (an operator's {@code ask}, an
     * agent's {@code ask_agent}), past the process's network rules; only the JSON Schema drafts'
     * own meta-schemas, which the library carries, are read. A keyword the draft does not know is
     * an annotation, as the draft says, and not a warning in the server's log in the writer's words.
     */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
            .metaSchemas(Stream.of(JsonMetaSchema.getV4(), JsonMetaSchema.getV6(), JsonMetaSchema.getV7(), JsonMetaSchema.getV201909(),
                            JsonMetaSchema.getV202012())
                    .map(draft -> JsonMetaSchema.builder(draft).unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword)).build())
                    .toList())
            .schemaLoaders(loaders -> loaders.add(ToolSchemas::carriedOnly)));
    /** By specification (a value: equal specifications share one compiled schema); checked on every tool call. */
    private static final Map<ToolSpecification, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private ToolSchemas() {
    }

    private static InputStreamSource carriedOnly(AbsoluteIri iri) {
        if (iri.toString().startsWith("classpath:")) {
            return null;
        }
        throw new IllegalArgumentException("refers to " + iri + ": a schema may refer only to itself and the JSON Schema drafts");
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
        Optional<String> outside = SchemaReferences.outside(schema);
        if (outside.isPresent()) {
            return outside.map(reason -> "is not a JSON Schema Castellan checks: " + reason);
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
        Set<ValidationMessage> messages;
        try {
            messages = FACTORY.getSchema(schema).validate(value);
        } catch (RuntimeException e) {
            // a part of the schema first reached by this value that cannot be read (see FACTORY)
            return Optional.of("the schema cannot check it: " + e.getMessage());
        }
        return messages.isEmpty() ? Optional.empty()
                : Optional.of(messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
    }
}

package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import io.castellan.platform.SchemaReferences;
import java.util.Optional;
import java.util.Set;

/**
 * A manifest's {@code expose:} block: whether other agent systems may reach the process, as a tool
 * of Castellan's MCP server ({@code /mcp}) and as an A2A agent ({@code /a2a/{name}}). Each call or
 * message runs one invocation whose trigger payload is the call's arguments.
 *
 * @param mcp         listed by {@code /mcp}'s tools/list and callable by tools/call
 * @param a2a         has an agent card and a JSON-RPC endpoint under {@code /a2a/{name}}
 * @param inputSchema the JSON Schema of the payload (an MCP tool's {@code inputSchema}); absent:
 *                    any object, described as one with a {@code message}
 */
public record ExposeSpec(boolean mcp, boolean a2a, JsonNode inputSchema) {

    public static final ExposeSpec NONE = new ExposeSpec(false, false, null);

    /** What a tool's arguments are when the manifest does not say: an object, usually a message. */
    public static final JsonNode DEFAULT_SCHEMA = Json.read("""
            {"type": "object", "properties": {"message": {"type": "string", "description": "what to ask or tell the agent"}}}""");

    public JsonNode schema() {
        return inputSchema == null ? DEFAULT_SCHEMA : inputSchema;
    }

    /** @param deploy whether the manifest is being deployed (a stored one keeps its schema: a call refuses it, see ExposedCalls) */
    static ExposeSpec read(Fields manifest, boolean deploy) {
        Fields expose = manifest.block("expose", Set.of("mcp", "a2a", "input_schema"));
        if (expose == null) {
            return NONE;
        }
        JsonNode schema = expose.get("input_schema");
        if (schema != null && (!schema.isObject() || !"object".equals(schema.path("type").asText()))) {
            expose.error("input_schema", "must be a JSON Schema of an object: {type: object, properties: {...}}");
            schema = null;
        }
        if (schema != null && deploy) {
            // refused at the deploy, not at each call: the server reads nothing a schema points to elsewhere
            Optional<String> outside = SchemaReferences.outside(schema);
            if (outside.isPresent()) {
                expose.error("input_schema", outside.get());
                schema = null;
            }
        }
        return new ExposeSpec(expose.bool("mcp", false), expose.bool("a2a", false), schema);
    }
}

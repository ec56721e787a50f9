package io.castellan.expose.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.expose.ExposedCalls;
import io.castellan.expose.ExposedProcess;
import io.castellan.expose.ExposedProcesses;
import io.castellan.expose.JsonRpc;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.TriggerKind;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;

/** The MCP methods Castellan answers: initialize, ping, tools/list and tools/call. */
@ApplicationScoped
class McpMethods {

    /** Newest first: a client asking for one of these gets it, any other the newest. */
    static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    /** How long a call waits for its invocation when it is answered with one JSON response. */
    static final Duration JSON_WAIT = Duration.ofSeconds(60);
    /** How long a streamed call (one that asked for progress) follows its invocation. */
    static final Duration STREAM_WAIT = Duration.ofMinutes(10);

    @Inject
    private ExposedProcesses exposed;

    @Inject
    private ExposedCalls calls;

    Response answer(JsonRpc.Request request, boolean acceptsStream) {
        return switch (request.method()) {
            case "initialize" -> ok(request, initialize(request.params()));
            case "ping" -> ok(request, Json.object());
            case "tools/list" -> ok(request, tools());
            case "tools/call" -> call(request, acceptsStream);
            default -> throw new JsonRpc.Failure(JsonRpc.METHOD_NOT_FOUND, "method not found: " + request.method()
                    + " (this server offers initialize, ping, tools/list and tools/call)");
        };
    }

    private static ObjectNode initialize(JsonNode params) {
        String asked = params.path("protocolVersion").asText("");
        ObjectNode result = Json.object().put("protocolVersion", VERSIONS.contains(asked) ? asked : VERSIONS.get(0));
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        result.putObject("serverInfo").put("name", "castellan").put("title", "Castellan agents").put("version", "1");
        result.put("instructions", "Each tool is a Castellan agent: a call runs one invocation of it and answers its reply."
                + " Send a progressToken to follow a long one.");
        return result;
    }

    private ObjectNode tools() {
        ArrayNode tools = Json.MAPPER.createArrayNode();
        for (ExposedProcess process : exposed.mcp()) {
            tools.addObject().put("name", process.name()).put("title", process.name()).put("description", process.description())
                    .set("inputSchema", process.schema());
        }
        ObjectNode result = Json.object();
        result.set("tools", tools);
        return result;
    }

    private Response call(JsonRpc.Request request, boolean acceptsStream) {
        JsonNode params = request.params();
        String name = params.path("name").asText(null);
        ExposedProcess process = exposed.mcp(name).orElseThrow(() -> new JsonRpc.Failure(JsonRpc.INVALID_PARAMS,
                "invalid params: name must be the name of a tool tools/list gives; '" + name + "' is none"));
        JsonNode arguments = params.hasNonNull("arguments") ? params.get("arguments") : Json.object();
        // wrong arguments are the tool's error, which a model can read and correct
        var mismatch = calls.mismatch(process, arguments);
        if (mismatch.isPresent()) {
            return ok(request, toolError(mismatch.get()));
        }
        Invocation started;
        try {
            // the request's id is the trigger's ref (kept only while it fits the column)
            String ref = request.id().asText().length() <= 200 ? request.id().asText() : null;
            started = calls.start(process, TriggerKind.MCP, ref, arguments, null).invocation();
        } catch (ProblemException e) {
            return ok(request, toolError(e.getMessage()));
        }
        JsonNode progressToken = params.path("_meta").get("progressToken");
        if (progressToken != null && acceptsStream) {
            return Response.ok(new McpProgressStream(calls, request.id(), progressToken, started.id(), STREAM_WAIT))
                    .type(McpResource.EVENT_STREAM).header("Cache-Control", "no-cache").build();
        }
        return ok(request, McpResults.of(calls.awaitEnd(started.id(), JSON_WAIT), JSON_WAIT));
    }

    private static ObjectNode toolError(String text) {
        return McpResults.error(text);
    }

    private static Response ok(JsonRpc.Request request, JsonNode result) {
        return JsonRpc.response(200, JsonRpc.result(request.id(), result));
    }
}

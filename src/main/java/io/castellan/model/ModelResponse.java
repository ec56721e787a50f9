package io.castellan.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model answered in one turn: tool calls to run, or a final reply. Journaled as it is, so
 * that a resumed invocation replays it instead of asking the model again.
 */
public record ModelResponse(List<ToolCall> toolCalls, String reply) {

    public static ModelResponse reply(String text) {
        return new ModelResponse(List.of(), text);
    }

    public static ModelResponse call(ToolCall call) {
        return new ModelResponse(List.of(call), null);
    }

    public boolean isReply() {
        return reply != null;
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        if (isReply()) {
            json.put("reply", reply);
        }
        ArrayNode calls = json.putArray("tool_calls");
        toolCalls.forEach(c -> calls.addObject().put("tool", c.tool()).set("args", c.args()));
        return json;
    }

    public static ModelResponse fromJson(JsonNode json) {
        List<ToolCall> calls = new ArrayList<>();
        json.path("tool_calls").forEach(c -> calls.add(new ToolCall(c.get("tool").asText(), c.get("args"))));
        return new ModelResponse(calls, json.hasNonNull("reply") ? json.get("reply").asText() : null);
    }
}

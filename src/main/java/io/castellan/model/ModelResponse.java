package io.castellan.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model answered in one turn: tool calls to run, or a final reply, with what the call
 * consumed. Journaled as it is, so that a resumed invocation replays it instead of asking again.
 *
 * @param text  text that came with tool calls, or the reply when there are none
 * @param usage null for the scripted model, which costs nothing
 */
public record ModelResponse(List<ToolCall> toolCalls, String text, ModelUsage usage) {

    public static ModelResponse reply(String text) {
        return new ModelResponse(List.of(), text, null);
    }

    public static ModelResponse call(ToolCall call) {
        return new ModelResponse(List.of(call), null, null);
    }

    public boolean isReply() {
        return toolCalls.isEmpty();
    }

    /** The final reply: the text, or empty when the model said nothing. */
    public String reply() {
        return text == null ? "" : text;
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        if (text != null) {
            json.put(isReply() ? "reply" : "text", text);
        } else if (isReply()) {
            json.put("reply", "");
        }
        ArrayNode calls = json.putArray("tool_calls");
        toolCalls.forEach(c -> {
            ObjectNode call = calls.addObject();
            if (c.id() != null) {
                call.put("id", c.id());
            }
            call.put("tool", c.tool()).set("args", c.args());
        });
        if (usage != null) {
            json.set("usage", usage.toJson());
        }
        return json;
    }

    public static ModelResponse fromJson(JsonNode json) {
        List<ToolCall> calls = new ArrayList<>();
        json.path("tool_calls").forEach(c -> calls.add(new ToolCall(c.hasNonNull("id") ? c.get("id").asText() : null,
                c.get("tool").asText(), c.get("args"))));
        String text = json.hasNonNull("reply") ? json.get("reply").asText() : json.hasNonNull("text") ? json.get("text").asText() : null;
        return new ModelResponse(calls, text, ModelUsage.fromJson(json.get("usage")));
    }
}

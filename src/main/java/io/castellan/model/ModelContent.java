package io.castellan.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.castellan.platform.Json;

/**
 * What a model call asked and answered, in the shape the GenAI conventions give
 * {@code gen_ai.input.messages} and {@code gen_ai.output.messages}: a JSON array of messages, each
 * a role and its parts (text, or a tool call or its response).
 */
final class ModelContent {

    private ModelContent() {
    }

    static String input(ModelRequest request) {
        ArrayNode messages = Json.MAPPER.createArrayNode();
        if (request.messages().isEmpty()) {
            // the scripted model reads only its context: the trigger, the steps so far, the state
            messages.add(message("user", Json.MAPPER.createArrayNode().add(text(Json.write(request.context())))));
        }
        for (ChatMessage message : request.messages()) {
            messages.add(switch (message) {
                case SystemMessage system -> message("system", Json.MAPPER.createArrayNode().add(text(system.text())));
                case UserMessage user -> message("user", Json.MAPPER.createArrayNode().add(text(user.hasSingleText() ? user.singleText() : String.valueOf(user.contents()))));
                case AiMessage ai -> message("assistant", parts(ai));
                case ToolExecutionResultMessage result -> message("tool", Json.MAPPER.createArrayNode().add(Json.object().put("type", "tool_call_response")
                        .put("id", result.id()).put("response", result.text())));
                default -> message(message.type().name().toLowerCase(java.util.Locale.ROOT), Json.MAPPER.createArrayNode());
            });
        }
        return Json.write(messages);
    }

    static String output(ModelResponse response) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        if (response.isReply()) {
            parts.add(text(response.reply()));
        }
        for (ToolCall call : response.toolCalls()) {
            parts.add(Json.object().put("type", "tool_call").put("id", call.id()).put("name", call.tool()).set("arguments", call.args()));
        }
        ObjectNode message = message("assistant", parts).put("finish_reason", response.isReply() ? "stop" : "tool_call");
        return Json.write(Json.MAPPER.createArrayNode().add(message));
    }

    private static ArrayNode parts(AiMessage ai) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        if (ai.text() != null) {
            parts.add(text(ai.text()));
        }
        if (ai.hasToolExecutionRequests()) {
            for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
                parts.add(Json.object().put("type", "tool_call").put("id", request.id()).put("name", request.name())
                        .put("arguments", request.arguments()));
            }
        }
        return parts;
    }

    private static ObjectNode message(String role, ArrayNode parts) {
        ObjectNode message = Json.object().put("role", role);
        message.set("parts", parts);
        return message;
    }

    private static ObjectNode text(String content) {
        return Json.object().put("type", "text").put("content", content);
    }
}

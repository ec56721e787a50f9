package io.castellan.expose.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.expose.JsonRpc;
import io.castellan.platform.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's A2A message as an invocation's trigger payload: its text parts joined as
 * {@code message}, the fields of its data parts beside it (what the process's input schema
 * checks), and the message itself under {@code a2a} (its ids, for the task's history and context).
 */
final class A2aMessages {

    static final String MESSAGE_KEY = "a2a";
    static final int UNSUPPORTED = -32004;
    static final int CONTENT_TYPE_NOT_SUPPORTED = -32005;

    private A2aMessages() {
    }

    /** The arguments the process's schema checks: text and data, without the message itself. */
    static ObjectNode arguments(JsonNode params) {
        JsonNode message = params.get("message");
        if (message == null || !message.isObject()) {
            throw invalid("params.message must be a Message object");
        }
        if (!"user".equals(message.path("role").asText())) {
            throw invalid("params.message.role must be \"user\"");
        }
        if (!message.path("messageId").isTextual() || message.path("messageId").asText().isBlank() || message.path("messageId").asText().length() > 200) {
            throw invalid("params.message.messageId must be a string of 1-200 characters");
        }
        if (message.hasNonNull("taskId")) {
            throw new JsonRpc.Failure(UNSUPPORTED, "continuing a task is not supported: each message starts a task of its own");
        }
        JsonNode parts = message.get("parts");
        if (parts == null || !parts.isArray() || parts.isEmpty()) {
            throw invalid("params.message.parts must be a non-empty list of parts");
        }
        ObjectNode arguments = Json.object();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            switch (part.path("kind").asText()) {
                case "text" -> {
                    if (!part.path("text").isTextual()) {
                        throw invalid("params.message.parts[" + i + "].text must be a string");
                    }
                    texts.add(part.get("text").asText());
                }
                case "data" -> {
                    if (!part.path("data").isObject()) {
                        throw invalid("params.message.parts[" + i + "].data must be an object");
                    }
                    arguments.setAll((ObjectNode) part.get("data"));
                }
                case "file" -> throw new JsonRpc.Failure(CONTENT_TYPE_NOT_SUPPORTED,
                        "params.message.parts[" + i + "]: file parts are not supported; send text or data");
                default -> throw invalid("params.message.parts[" + i + "].kind must be text, data or file");
            }
        }
        if (!texts.isEmpty()) {
            arguments.put("message", String.join("\n", texts));
        }
        return arguments;
    }

    /** The trigger payload: the arguments, and the message under {@code a2a}. */
    static ObjectNode payload(ObjectNode arguments, JsonNode params) {
        ObjectNode payload = arguments.deepCopy();
        payload.set(MESSAGE_KEY, params.get("message"));
        return payload;
    }

    static String messageId(JsonNode params) {
        return params.path("message").path("messageId").asText();
    }

    private static JsonRpc.Failure invalid(String reason) {
        return new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "invalid params: " + reason);
    }
}

package io.castellan.expose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;

/**
 * JSON-RPC 2.0 messages, the envelope both MCP and A2A use: a request's result or error, and
 * notifications. A protocol endpoint answers bad input in this shape (a code, and a message that
 * names the field and the reason), since that is what its clients read.
 */
public final class JsonRpc {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;

    private JsonRpc() {
    }

    /** A request as it arrived: its id (null for a notification), method and params (an empty object when absent). */
    public record Request(JsonNode id, String method, JsonNode params) {

        public boolean isNotification() {
            return id == null;
        }
    }

    /** Thrown where a request cannot be answered with a result. */
    public static final class Failure extends RuntimeException {
        private final int code;

        public Failure(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /**
     * Reads one message: a request or a notification. A response sent to the server (a client
     * answering a request it never made) is returned with a null method.
     *
     * @throws Failure for text that is not JSON or not a JSON-RPC 2.0 message
     */
    public static Request read(String body) {
        JsonNode message;
        try {
            message = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new Failure(PARSE_ERROR, "parse error: the body is not JSON");
        }
        if (message == null || !message.isObject()) {
            throw new Failure(INVALID_REQUEST, "invalid request: the body must be one JSON-RPC 2.0 message, a JSON object (batches are not supported)");
        }
        if (!"2.0".equals(message.path("jsonrpc").asText())) {
            throw new Failure(INVALID_REQUEST, "invalid request: jsonrpc must be \"2.0\"");
        }
        JsonNode id = message.get("id");
        if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
            throw new Failure(INVALID_REQUEST, "invalid request: id must be a string or an integer");
        }
        JsonNode method = message.get("method");
        if (method == null) {
            if (message.has("result") || message.has("error")) {
                return new Request(id, null, Json.object());
            }
            throw new Failure(INVALID_REQUEST, "invalid request: method is missing");
        }
        if (!method.isTextual() || method.asText().isBlank()) {
            throw new Failure(INVALID_REQUEST, "invalid request: method must be a string");
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
            throw new Failure(INVALID_PARAMS, "invalid params: params must be an object");
        }
        return new Request(id, method.asText(), params == null || params.isNull() ? Json.object() : params);
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode message = Json.object().put("jsonrpc", "2.0");
        message.set("id", id);
        message.set("result", result);
        return message;
    }

    public static ObjectNode error(JsonNode id, int code, String text) {
        ObjectNode message = Json.object().put("jsonrpc", "2.0");
        // an error about a message whose id could not be read has id null, as JSON-RPC says
        message.set("id", id == null ? Json.MAPPER.nullNode() : id);
        message.putObject("error").put("code", code).put("message", text);
        return message;
    }

    /** A JSON-RPC message as an HTTP answer. */
    public static jakarta.ws.rs.core.Response response(int status, JsonNode message) {
        return jakarta.ws.rs.core.Response.status(status).type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON).entity(Json.write(message)).build();
    }

    public static ObjectNode notification(String method, JsonNode params) {
        ObjectNode message = Json.object().put("jsonrpc", "2.0").put("method", method);
        message.set("params", params);
        return message;
    }
}

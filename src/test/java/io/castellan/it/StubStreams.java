package io.castellan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.it.ProviderStub.Protocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded answer as its provider streams it, in pieces sent one after another: OpenAI's
 * {@code chat.completion.chunk} server-sent events, Anthropic's message events, Ollama's JSON
 * lines. The text goes word by word, each tool call whole, the usage where each provider puts it.
 * A recorded body that is not JSON goes out as it is, as the whole stream (an unreadable stream).
 */
final class StubStreams {

    private static final ObjectMapper JSON = ProviderStub.JSON;

    private StubStreams() {
    }

    /** The protocol whose streaming request this is, or null for a request that does not stream. */
    static Protocol streaming(String path, JsonNode body) {
        if (!body.path("stream").asBoolean(false)) {
            return null;
        }
        for (Protocol protocol : Protocol.values()) {
            if (path.endsWith(protocol.path)) {
                return protocol;
            }
        }
        return null;
    }

    static String contentType(Protocol protocol) {
        return protocol == Protocol.OLLAMA ? "application/x-ndjson" : "text/event-stream";
    }

    static List<String> pieces(Protocol protocol, String recorded) {
        JsonNode full;
        try {
            full = JSON.readTree(recorded);
        } catch (IOException unreadable) {
            return List.of(protocol == Protocol.OLLAMA ? recorded + "\n" : "data: " + recorded + "\n\n");
        }
        return switch (protocol) {
            case OPENAI -> openAi(full);
            case ANTHROPIC -> anthropic(full);
            case OLLAMA -> ollama(full);
        };
    }

    private static List<String> openAi(JsonNode full) {
        List<String> pieces = new ArrayList<>();
        JsonNode message = full.path("choices").get(0).path("message");
        pieces.add(sse(null, openAiDelta(JSON.createObjectNode().put("role", "assistant").put("content", ""), null)));
        for (String word : words(message.path("content").asText(""))) {
            pieces.add(sse(null, openAiDelta(JSON.createObjectNode().put("content", word), null)));
        }
        int index = 0;
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode delta = JSON.createObjectNode();
            ObjectNode streamed = delta.putArray("tool_calls").addObject().put("index", index++).put("id", call.path("id").asText())
                    .put("type", "function");
            streamed.putObject("function").put("name", call.path("function").path("name").asText())
                    .put("arguments", call.path("function").path("arguments").asText());
            pieces.add(sse(null, openAiDelta(delta, null)));
        }
        pieces.add(sse(null, openAiDelta(JSON.createObjectNode(), full.path("choices").get(0).path("finish_reason").asText())));
        // the usage comes last, in a chunk without choices, as stream_options.include_usage asks
        ObjectNode usage = openAiChunk();
        usage.putArray("choices");
        usage.set("usage", full.path("usage"));
        pieces.add(sse(null, usage));
        pieces.add("data: [DONE]\n\n");
        return pieces;
    }

    private static ObjectNode openAiDelta(ObjectNode delta, String finishReason) {
        ObjectNode chunk = openAiChunk();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static ObjectNode openAiChunk() {
        return JSON.createObjectNode().put("id", "chatcmpl-stub").put("object", "chat.completion.chunk")
                .put("created", 1_763_683_200L).put("model", "gpt-5-mini");
    }

    /** message_start (input usage), each block's start, deltas and stop, message_delta (stop reason, output usage), message_stop. */
    private static List<String> anthropic(JsonNode full) {
        List<String> pieces = new ArrayList<>();
        ObjectNode message = JSON.createObjectNode().put("id", full.path("id").asText()).put("type", "message").put("role", "assistant")
                .put("model", full.path("model").asText()).putNull("stop_reason");
        message.putArray("content");
        ObjectNode startUsage = ((ObjectNode) full.path("usage").deepCopy()).put("output_tokens", 1);
        message.set("usage", startUsage);
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start.set("message", message);
        pieces.add(sse("message_start", start));
        int index = 0;
        for (JsonNode block : full.path("content")) {
            ObjectNode opened = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            if ("tool_use".equals(block.path("type").asText())) {
                ObjectNode tool = opened.putObject("content_block").put("type", "tool_use").put("id", block.path("id").asText())
                        .put("name", block.path("name").asText());
                tool.putObject("input");
                pieces.add(sse("content_block_start", opened));
                pieces.add(sse("content_block_delta", anthropicDelta(index, JSON.createObjectNode().put("type", "input_json_delta")
                        .put("partial_json", block.path("input").toString()))));
            } else {
                opened.putObject("content_block").put("type", "text").put("text", "");
                pieces.add(sse("content_block_start", opened));
                for (String word : words(block.path("text").asText(""))) {
                    pieces.add(sse("content_block_delta", anthropicDelta(index, JSON.createObjectNode().put("type", "text_delta").put("text", word))));
                }
            }
            pieces.add(sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
            index++;
        }
        ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", full.path("stop_reason").asText()).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", full.path("usage").path("output_tokens").asInt());
        pieces.add(sse("message_delta", delta));
        pieces.add(sse("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return pieces;
    }

    private static ObjectNode anthropicDelta(int index, ObjectNode delta) {
        ObjectNode event = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        return event;
    }

    /** One line per word, the tool calls in one line of their own, then the last line: done, with the counts. */
    private static List<String> ollama(JsonNode full) {
        List<String> pieces = new ArrayList<>();
        JsonNode message = full.path("message");
        for (String word : words(message.path("content").asText(""))) {
            pieces.add(ollamaLine(JSON.createObjectNode().put("role", "assistant").put("content", word), false, full));
        }
        if (message.has("tool_calls")) {
            // a streamed call carries its index, as Ollama's do, so that two calls are not read as one
            ObjectNode calls = JSON.createObjectNode().put("role", "assistant").put("content", "");
            var streamed = calls.putArray("tool_calls");
            int index = 0;
            for (JsonNode call : message.get("tool_calls")) {
                ObjectNode copy = call.deepCopy();
                ((ObjectNode) copy.path("function")).put("index", index++);
                streamed.add(copy);
            }
            pieces.add(ollamaLine(calls, false, full));
        }
        pieces.add(ollamaLine(JSON.createObjectNode().put("role", "assistant").put("content", ""), true, full));
        return pieces;
    }

    private static String ollamaLine(ObjectNode message, boolean done, JsonNode full) {
        ObjectNode line = JSON.createObjectNode().put("model", full.path("model").asText()).put("created_at", full.path("created_at").asText());
        line.set("message", message);
        line.put("done", done);
        if (done) {
            line.put("done_reason", full.path("done_reason").asText("stop"))
                    .put("prompt_eval_count", full.path("prompt_eval_count").asInt())
                    .put("eval_count", full.path("eval_count").asInt());
        }
        return line + "\n";
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split("(?<= )")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static String sse(String event, JsonNode data) {
        return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    }
}

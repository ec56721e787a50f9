package io.castellan.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.it.ProviderStub.Answer;
import io.castellan.it.ProviderStub.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Recorded answers for {@link ProviderStub}, in each provider's own wire format (OpenAI chat
 * completions, Anthropic messages, Ollama chat), each with the usage that provider reports.
 */
public final class ProviderAnswers {

    private ProviderAnswers() {
    }

    /** A tool call the model makes: id, tool name, arguments. */
    public record Call(String id, String tool, String argumentsJson) {
    }

    public static Answer toolCalls(Protocol protocol, Call... calls) {
        try {
            return switch (protocol) {
                case OPENAI -> {
                    ObjectNode message = ProviderStub.JSON.createObjectNode().put("role", "assistant").putNull("content");
                    ArrayNode toolCalls = message.putArray("tool_calls");
                    for (Call c : calls) {
                        toolCalls.addObject().put("id", c.id()).put("type", "function").putObject("function")
                                .put("name", c.tool()).put("arguments", c.argumentsJson());
                    }
                    yield Answer.ok(openAi(message, "tool_calls"));
                }
                case ANTHROPIC -> {
                    ArrayNode content = ProviderStub.JSON.createArrayNode();
                    for (Call c : calls) {
                        content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.tool())
                                .set("input", ProviderStub.JSON.readTree(c.argumentsJson()));
                    }
                    yield Answer.ok(anthropic(content, "tool_use"));
                }
                case OLLAMA -> {
                    ObjectNode message = ProviderStub.JSON.createObjectNode().put("role", "assistant").put("content", "");
                    ArrayNode toolCalls = message.putArray("tool_calls");
                    for (Call c : calls) {
                        toolCalls.addObject().putObject("function").put("name", c.tool()).set("arguments", ProviderStub.JSON.readTree(c.argumentsJson()));
                    }
                    yield Answer.ok(ollama(message));
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #text} for many answers at once. */
    public static Answer[] texts(Protocol protocol, String text, int count) {
        Answer[] answers = new Answer[count];
        Arrays.fill(answers, text(protocol, text));
        return answers;
    }

    public static Answer text(Protocol protocol, String text) {
        return switch (protocol) {
            case OPENAI -> Answer.ok(openAi(ProviderStub.JSON.createObjectNode().put("role", "assistant").put("content", text), "stop"));
            case ANTHROPIC -> {
                ArrayNode content = ProviderStub.JSON.createArrayNode();
                content.addObject().put("type", "text").put("text", text);
                yield Answer.ok(anthropic(content, "end_turn"));
            }
            case OLLAMA -> Answer.ok(ollama(ProviderStub.JSON.createObjectNode().put("role", "assistant").put("content", text)));
        };
    }

    /** OpenAI usage: 1,200 prompt tokens of which 1,000 cached, 300 completion tokens. */
    private static ObjectNode openAi(ObjectNode message, String finishReason) {
        ObjectNode body = ProviderStub.JSON.createObjectNode().put("id", "chatcmpl-stub").put("object", "chat.completion")
                .put("created", 1_763_683_200L).put("model", "gpt-5-mini");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.set("message", message);
        body.putObject("usage").put("prompt_tokens", 1200).put("completion_tokens", 300).put("total_tokens", 1500)
                .putObject("prompt_tokens_details").put("cached_tokens", 1000);
        return body;
    }

    /** Anthropic usage: 200 input tokens, 1,000 read from cache, 100 written to it, 300 output tokens. */
    private static ObjectNode anthropic(ArrayNode content, String stopReason) {
        ObjectNode body = ProviderStub.JSON.createObjectNode().put("id", "msg_stub").put("type", "message").put("role", "assistant")
                .put("model", "claude-sonnet-4-5").put("stop_reason", stopReason);
        body.set("content", content);
        body.putObject("usage").put("input_tokens", 200).put("output_tokens", 300).put("cache_read_input_tokens", 1000)
                .put("cache_creation_input_tokens", 100);
        return body;
    }

    /** Ollama usage: 500 prompt tokens, 300 generated. */
    private static ObjectNode ollama(ObjectNode message) {
        ObjectNode body = ProviderStub.JSON.createObjectNode().put("model", "llama3.2").put("created_at", "2026-11-21T00:00:00Z")
                .put("done", true).put("done_reason", "stop").put("prompt_eval_count", 500).put("eval_count", 300);
        body.set("message", message);
        return body;
    }
}

package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.castellan.conversation.ConversationTurn;
import io.castellan.manifest.Manifest;
import io.castellan.model.ModelResponse;
import io.castellan.model.ToolCall;
import io.castellan.platform.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What a provider model is given: the process instructions (with the summary of older
 * conversation), the recent conversation, the trigger with a snapshot of the state, then this
 * invocation's tool calls and their results, turn by turn.
 */
final class Prompt {

    private final List<ChatMessage> messages = new ArrayList<>();

    Prompt(Manifest manifest, List<ConversationTurn> history, ObjectNode trigger, JsonNode state) {
        this(system(manifest), manifest, history, trigger, state, null, Json.MAPPER.createArrayNode());
    }

    /**
     * @param systemPrompt the instructions and what the agent is ({@link #system}, or an extension's prompt builder's)
     * @param mission the process's mission and its last evaluation; null when it has none
     * @param recalled memories recalled for this trigger (manifest {@code memory.auto_recall}), nearest first
     */
    Prompt(String systemPrompt, Manifest manifest, List<ConversationTurn> history, ObjectNode trigger, JsonNode state, JsonNode mission,
           JsonNode recalled) {
        StringBuilder system = new StringBuilder(systemPrompt);
        history.stream().filter(t -> t.role() == ConversationTurn.Role.SUMMARY).forEach(t ->
                system.append("\n\nSummary of your earlier conversation:\n").append(t.content()));
        messages.add(SystemMessage.from(system.toString()));
        for (ConversationTurn turn : history) {
            if (turn.role() == ConversationTurn.Role.USER) {
                messages.add(UserMessage.from(turn.content()));
            } else if (turn.role() == ConversationTurn.Role.ASSISTANT) {
                messages.add(AiMessage.from(turn.content().isEmpty() ? "(no reply)" : turn.content()));
            }
        }
        String missionText = mission == null ? "" : "\n\nYour mission (objective, success criteria and its last evaluation):\n" + Json.write(mission);
        messages.add(UserMessage.from(triggerText(trigger) + "\n\nState of this process:\n" + Json.write(state) + missionText
                + recalledText(recalled)));
    }

    private static String recalledText(JsonNode recalled) {
        if (recalled == null || recalled.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\n\nFrom your long-term memory, nearest to this trigger (memory_search finds more):");
        for (JsonNode memory : recalled) {
            text.append("\n- [").append(memory.path("id").asText()).append(", score ").append(memory.path("score").asText()).append("] ")
                    .append(memory.path("text").asText());
        }
        return text.toString();
    }

    /** The conversation as a checkpoint saved it. */
    Prompt(String savedMessages) {
        messages.addAll(ChatMessageDeserializer.messagesFromJson(savedMessages));
    }

    String saved() {
        return ChatMessageSerializer.messagesToJson(messages);
    }

    static String system(Manifest manifest) {
        String instructions = manifest.instructions() == null ? "" : manifest.instructions().strip();
        return (instructions.isEmpty() ? "" : instructions + "\n\n")
                + "You are the Castellan agent process '" + manifest.name() + "'. Each user message is a trigger that woke you. "
                + "Use the tools you are given to do the work, then answer with a short final reply.";
    }

    /** The trigger as the conversation remembers it: kind, reference, time and payload. */
    static String triggerText(ObjectNode trigger) {
        StringBuilder text = new StringBuilder("Trigger: ").append(trigger.path("kind").asText());
        if (trigger.hasNonNull("ref")) {
            text.append(' ').append(trigger.get("ref").asText());
        }
        text.append(" at ").append(trigger.path("at").asText()).append("\nPayload:\n").append(Json.write(trigger.path("payload")));
        if (trigger.hasNonNull("coalesced")) {
            text.append("\nTriggers that arrived while you were busy, merged into this one:\n").append(Json.write(trigger.get("coalesced")));
        }
        return text.toString();
    }

    void answered(ModelResponse response) {
        if (response.isReply()) {
            messages.add(AiMessage.from(response.reply()));
            return;
        }
        List<ToolExecutionRequest> requests = response.toolCalls().stream()
                .map(c -> ToolExecutionRequest.builder().id(c.id()).name(c.tool()).arguments(Json.write(c.args())).build())
                .toList();
        messages.add(response.text() == null || response.text().isBlank()
                ? AiMessage.from(requests) : AiMessage.from(response.text(), requests));
    }

    /** A word from Castellan to the model between turns (a protocol's next phase). */
    void note(String text) {
        messages.add(UserMessage.from(text));
    }

    /** Operators' inbox messages, at the start of a turn, highest priority first. */
    void operatorMessages(List<JsonNode> notes) {
        StringBuilder text = new StringBuilder("Messages from your operators, sent while you work (highest priority first):");
        for (JsonNode note : notes) {
            text.append("\n- [").append(note.path("priority").asText()).append(", from ").append(note.path("from").asText())
                    .append(" at ").append(note.path("sent_at").asText()).append("] ").append(note.path("message").asText());
        }
        messages.add(UserMessage.from(text.toString()));
    }

    void toolOutcome(ToolCall call, JsonNode outcome) {
        messages.add(ToolExecutionResultMessage.from(call.id(), call.tool(), Json.write(outcome)));
    }

    List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    int estimatedTokens() {
        return messages.stream().mapToInt(m -> io.castellan.conversation.Conversations.estimateTokens(text(m))).sum();
    }

    /** What offering these tools adds to a prompt, estimated from their JSON. */
    static int toolTokens(List<ToolSpecification> tools) {
        return tools.stream().mapToInt(t -> io.castellan.conversation.Conversations.estimateTokens(t.toJson())).sum();
    }

    private static String text(ChatMessage message) {
        if (message instanceof SystemMessage s) {
            return s.text();
        }
        if (message instanceof UserMessage u) {
            return u.singleText();
        }
        if (message instanceof AiMessage a) {
            return a.text() == null ? "" : a.text();
        }
        return message instanceof ToolExecutionResultMessage r ? r.text() : "";
    }
}

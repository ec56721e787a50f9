package io.castellan.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import io.castellan.manifest.Manifest;
import java.util.List;

/**
 * One turn's question to a model.
 *
 * @param context  {@code trigger}, {@code steps} (results so far, by step number) and {@code state},
 *                 for the scripted model's templates
 * @param messages the prompt for a provider model: instructions, conversation, trigger, and this
 *                 invocation's tool calls and results so far
 * @param tools    the tools offered, with their argument schemas
 */
public record ModelRequest(String invocationId, int turn, Manifest manifest, ObjectNode context,
                           List<ChatMessage> messages, List<ToolSpecification> tools) {

    /** A request for the scripted model, which reads only the context. */
    public static ModelRequest scripted(String invocationId, int turn, Manifest manifest, ObjectNode context) {
        return new ModelRequest(invocationId, turn, manifest, context, List.of(), List.of());
    }
}

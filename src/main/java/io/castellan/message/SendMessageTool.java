package io.castellan.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.event.Events;
import io.castellan.platform.Json;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import io.castellan.tool.ToolSchemas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code send_message {to, payload}}: wakes another process with a message from this one. Not run
 * inside the step's transaction (it takes the receiver's lock, never while holding the sender's):
 * the message id comes from the step, so a retry after a crash is the same message.
 */
@ApplicationScoped
public class SendMessageTool implements Tool {


    @Inject
    private Messages messages;

    @Override
    public String name() {
        return "send_message";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Sends a message to another process: it is woken once with the message (and who sent it)."
                        + " The receiver must take messages from this process.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("to", "the receiving process's name")
                        .addProperty("payload", ToolSchemas.anyValue("the message: any JSON value, at most 256 KiB"))
                        .required("to")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String to = Messages.receiverName(args);
        JsonNode payload = args.hasNonNull("payload") ? args.get("payload") : Json.object();
        Events.payloadProblem(payload).ifPresent(reason -> {
            throw new ToolException("payload " + reason);
        });
        Messages.Sent sent = messages.send(context.process(), to, payload, context.stableId("message"));
        return Json.object().put("message_id", sent.messageId()).put("to", sent.to()).put("invocation", sent.invocation());
    }
}

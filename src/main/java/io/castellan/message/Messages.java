package io.castellan.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.manifest.TriggerSpec;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.platform.VisibleText;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Messages between agents: a message is one invocation of the receiving process (trigger kind
 * {@code message}, payload {@code {from, message_id, payload}}), accepted only when the receiver's
 * manifest has a message trigger that takes the sender. The message id is the dedup key, so a
 * send repeated after a crash finds the invocation the first one made.
 */
@ApplicationScoped
public class Messages {

    /** How many asks one chain may hold (A asks B asks C ... : each arrow is one). */
    public static final int MAX_ASK_DEPTH = 5;
    /** The bound of a question, asked by an agent or an operator. */
    static final int MAX_QUESTION = 64 * 1024;
    static final String QUESTION_SHAPE = "text of 1 to " + MAX_QUESTION + " characters";
    private static final Pattern PROCESS_NAME = Pattern.compile("[a-z0-9-]{1,63}");

    /** The message and the invocation it made. */
    public record Sent(String messageId, String to, String invocation) {
    }

    @Inject
    private Processes processes;

    @Inject
    private TriggerIntake intake;

    /** True for a question an ask may carry: non-blank text of at most {@link #MAX_QUESTION} characters. */
    static boolean isQuestion(JsonNode question) {
        return question != null && question.isTextual() && !VisibleText.blank(question.asText()) && question.asText().length() <= MAX_QUESTION;
    }

    /** The {@code to} argument of send_message and ask_agent, checked to be a process name. */
    static String receiverName(JsonNode args) {
        String to = args.path("to").asText("");
        if (!PROCESS_NAME.matcher(to).matches()) {
            throw new ToolException("to is required: a process name (1-63 characters of a-z, 0-9 and '-')");
        }
        return to;
    }

    /** @throws ToolException naming why the receiver does not take the message */
    public Sent send(String from, String to, JsonNode payload, String messageId) {
        checkReceiver(from, to);
        ObjectNode body = Json.object().put("from", from).put("message_id", messageId);
        body.set("payload", payload);
        return accept(to, TriggerKind.MESSAGE, messageId, body);
    }

    /**
     * Starts the invocation that answers {@code ask_agent}: kind {@code ask}, payload
     * {@code {from, question, schema, ask: {invocation, step, chain}}}, once per asking step.
     *
     * @param chain the processes already waiting on this chain of asks, outermost first (the asker last)
     * @throws ToolException when the receiver does not take messages from the asker, or the ask would close a cycle or go too deep
     */
    public Sent ask(String from, String askerInvocation, int step, List<String> chain, String to, String question, JsonNode schema, String askId) {
        if (chain.contains(to)) {
            throw new ToolException("to: '" + to + "' is waiting for this answer already (" + String.join(" asks ", chain) + " asks " + to
                    + "): asking it would wait for ever");
        }
        if (chain.size() > MAX_ASK_DEPTH) {
            throw new ToolException("to: this would be ask number " + chain.size() + " of one chain (" + String.join(" asks ", chain) + " asks "
                    + to + "); a chain holds at most " + MAX_ASK_DEPTH);
        }
        checkReceiver(from, to);
        ObjectNode body = Json.object().put("from", from).put("question", question);
        if (schema != null) {
            body.set("schema", schema);
        }
        ObjectNode ask = body.putObject("ask").put("invocation", askerInvocation).put("step", step);
        chain.forEach(ask.putArray("chain")::add);
        return accept(to, TriggerKind.ASK, askId, body);
    }

    private Sent accept(String to, TriggerKind kind, String id, ObjectNode body) {
        try {
            TriggerIntake.Accepted accepted = intake.accept(to, kind, id, body, kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id);
            return new Sent(id, to, accepted.invocation().id());
        } catch (ProblemException e) {
            throw new ToolException("to: " + e.getMessage());
        }
    }

    private void checkReceiver(String from, String to) {
        Optional<AgentProcess> receiver = processes.find(to);
        if (receiver.isEmpty()) {
            throw new ToolException("to: there is no process named '" + to + "'");
        }
        Optional<TriggerSpec.Message> trigger = processes.manifest(to, receiver.get().version()).messageTrigger();
        if (trigger.isEmpty()) {
            throw new ToolException("to: process '" + to + "' takes no messages (its manifest has no message trigger)");
        }
        if (!trigger.get().accepts(from)) {
            throw new ToolException("to: process '" + to + "' takes messages only from " + String.join(", ", trigger.get().from()));
        }
    }
}

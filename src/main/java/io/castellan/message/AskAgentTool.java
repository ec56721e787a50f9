package io.castellan.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.Invocations;
import io.castellan.invocation.TriggerKind;
import io.castellan.platform.Durations;
import io.castellan.platform.Json;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import io.castellan.tool.ToolSchemas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ask_agent {to, question, schema?, timeout?}}: asks another process and waits durably for
 * its answer (the asked invocation's reply), holding no thread. With {@code schema} the answer must
 * be JSON that matches it. A failed or late answer, or one that does not match, is the step's error.
 * An ask that would close a cycle (A asks B asks A) or make a chain deeper than
 * {@link Messages#MAX_ASK_DEPTH} is refused.
 */
@ApplicationScoped
public class AskAgentTool implements Tool {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration LONGEST = Duration.ofDays(7);

    @Inject
    private Messages messages;

    @Inject
    private Invocations invocations;

    @Override
    public String name() {
        return "ask_agent";
    }

    @Override
    public boolean suspends() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Asks another process a question and waits for its answer (durably: across restarts)."
                        + " With a JSON Schema the answer must be JSON that matches it.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("to", "the asked process's name")
                        .addStringProperty("question", "the question, at most 64 KiB")
                        .addProperty("schema", ToolSchemas.anyValue("optional: a JSON Schema the answer must match"))
                        .addStringProperty("timeout", "how long to wait, e.g. 30s, 5m, 2h, 1d (default 5m, at most 7d)")
                        .required("to", "question")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String to = Messages.receiverName(args);
        if (!Messages.isQuestion(args.get("question"))) {
            throw new ToolException("question is required: " + Messages.QUESTION_SHAPE);
        }
        String question = args.get("question").asText();
        JsonNode schema = args.hasNonNull("schema") ? args.get("schema") : null;
        if (schema != null) {
            ToolSchemas.schemaProblem(schema).ifPresent(problem -> {
                throw new ToolException("schema " + problem);
            });
        }
        Duration timeout = timeout(args.get("timeout"));
        Messages.Sent asked = messages.ask(context.process(), context.invocationId(), context.step(), chain(context), to, question, schema,
                context.stableId("ask"));
        return Json.object().put("kind", "answer").put("until", Instant.now().plus(timeout).toString()).put("event_key", asked.invocation());
    }

    /** The processes waiting on this chain of asks: those the asker's own ask came through, then the asker. */
    private List<String> chain(ToolContext context) {
        List<String> chain = new ArrayList<>();
        invocations.find(context.invocationId()).filter(i -> i.triggerKind() == TriggerKind.ASK).map(Invocation::triggerPayload)
                .ifPresent(payload -> payload.path("ask").path("chain").forEach(p -> chain.add(p.asText())));
        chain.add(context.process());
        return chain;
    }

    static Duration timeout(JsonNode value) {
        if (value == null || value.isNull()) {
            return DEFAULT_TIMEOUT;
        }
        if (!value.isTextual() || !value.asText().strip().matches("\\d{1,7}[smhd]")) {
            throw new ToolException("timeout must be a duration such as 30s, 5m, 2h or 1d");
        }
        Duration timeout = Durations.parse(value.asText());
        if (timeout == null || timeout.compareTo(LONGEST) > 0) {
            throw new ToolException("timeout must be from 1s to 7d");
        }
        return timeout;
    }
}

package io.castellan.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.JournalEntry;
import io.castellan.platform.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An invocation as the API shows it: trigger, each step's intent beside its execution, reply, and
 * {@code runner}, the server that runs or last ran it ({@code server@host}; null before it starts,
 * and while a wake-up for any server is on its way).
 */
public record InvocationView(String id, String process, String status, boolean cancel_requested, Integer version, ObjectNode trigger,
                             List<StepView> steps, List<ModelCallView> model_calls, String reply, String error, int tool_errors,
                             Instant queued_at, Instant started_at, Instant finished_at, Long duration_ms, List<String> plan,
                             String reflection, String runner) {

    /**
     * One model turn: what the model answered (tool calls or a reply) and, for a provider model,
     * its tokens and cost ({@code usage}, null for the scripted model).
     */
    public record ModelCallView(int turn, Instant at, int tool_calls, String text, JsonNode usage) {
    }

    /**
     * One tool step: {@code intent} is what the model asked for; {@code result} or {@code error}
     * is what the host's execution gave, in {@code duration_ms}; {@code expected} what the model
     * said it expected ({@code plan_act_reflect}), else null.
     */
    public record StepView(int index, int turn, ObjectNode intent, JsonNode result, String error,
                           Instant started_at, Long duration_ms, String expected) {

        StepView expecting(String expectation) {
            return new StepView(index, turn, intent, result, error, started_at, duration_ms, expectation);
        }
    }

    public static InvocationView summary(Invocation i) {
        return of(i, null);
    }

    static InvocationView of(Invocation i, List<JournalEntry> journal) {
        ObjectNode trigger = Json.object().put("kind", i.triggerKind().name().toLowerCase());
        if (i.triggerRef() != null) {
            trigger.put("ref", i.triggerRef());
        }
        trigger.set("payload", i.triggerPayload());
        Long duration = i.startedAt() != null && i.finishedAt() != null ? Duration.between(i.startedAt(), i.finishedAt()).toMillis() : null;
        if (i.coalesced() != null) {
            trigger.set("coalesced", i.coalesced());
        }
        return new InvocationView(i.id(), i.processName(), i.status().name(), i.cancelRequested(), i.version(), trigger,
                journal == null ? null : steps(journal), journal == null ? null : modelCalls(journal), i.reply(), i.error(), i.toolErrors(),
                i.queuedAt(), i.startedAt(), i.finishedAt(), duration, journal == null ? null : plan(journal),
                journal == null ? null : reflection(journal), i.runner());
    }

    private static List<ModelCallView> modelCalls(List<JournalEntry> journal) {
        return journal.stream().filter(e -> e.type() == io.castellan.journal.JournalType.MODEL_RESPONSE).map(e -> {
            JsonNode response = e.data().path("response");
            String text = response.hasNonNull("reply") ? response.get("reply").asText() : response.path("text").asText(null);
            return new ModelCallView(e.data().path("turn").asInt(), e.at(), response.path("tool_calls").size(), text, response.get("usage"));
        }).toList();
    }

    /** {@code plan_act_reflect}'s plan; null for an invocation without one. */
    private static List<String> plan(List<JournalEntry> journal) {
        return journal.stream().filter(e -> e.type() == io.castellan.journal.JournalType.PLAN).findFirst()
                .map(e -> java.util.stream.StreamSupport.stream(e.data().path("steps").spliterator(), false).map(JsonNode::asText).toList())
                .orElse(null);
    }

    private static String reflection(List<JournalEntry> journal) {
        return journal.stream().filter(e -> e.type() == io.castellan.journal.JournalType.REFLECTION).findFirst()
                .map(e -> e.data().path("text").asText()).orElse(null);
    }

    private static List<StepView> steps(List<JournalEntry> journal) {
        Map<Integer, StepView> steps = new TreeMap<>();
        for (JournalEntry entry : journal) {
            JsonNode data = entry.data();
            int index = data.path("step").asInt();
            ObjectNode intent = Json.object().put("tool", data.path("tool").asText());
            intent.set("args", data.get("args"));
            switch (entry.type()) {
                case TOOL_STARTED -> steps.put(index, new StepView(index, data.path("turn").asInt(), intent, null, null, entry.at(), null, null));
                case TOOL_RESULT, TOOL_ERROR -> {
                    StepView started = steps.get(index);
                    long took = data.path("duration_ms").asLong();
                    Instant at = started != null ? started.started_at() : entry.at().minusMillis(took);
                    steps.put(index, new StepView(index, data.path("turn").asInt(), intent, data.get("result"),
                            data.hasNonNull("error") ? data.get("error").asText() : null, at, took, null));
                }
                case FEEDBACK -> steps.computeIfPresent(index, (i, step) -> step.expecting(data.path("expected").asText()));
                default -> {
                }
            }
        }
        return List.copyOf(steps.values());
    }
}

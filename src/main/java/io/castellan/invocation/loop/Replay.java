package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.JournalEntry;
import io.castellan.model.ModelResponse;
import io.castellan.platform.Json;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an invocation's journal already holds: model answers by turn, tool outcomes by step, and
 * which steps were started. A resumed invocation takes these instead of doing the work again.
 */
public final class Replay {

    private final Map<Integer, ModelResponse> responses = new HashMap<>();
    private final Map<Integer, JsonNode> outcomes = new HashMap<>();
    private final Map<Integer, List<JsonNode>> inbox = new HashMap<>();
    private final Set<String> started = new HashSet<>();
    private List<JsonNode> recalled;
    private final Map<String, Integer> retries = new HashMap<>();
    private int resumes;
    private int firstTurn;
    private int firstStep;
    private ObjectNode stepResults;
    private String messages;
    private boolean suspended;

    /** Nothing done yet: a fresh invocation need not read its journal. */
    static Replay none() {
        return new Replay(List.of());
    }

    public Replay(List<JournalEntry> entries) {
        for (JournalEntry entry : entries) {
            JsonNode data = entry.data();
            switch (entry.type()) {
                case MODEL_REQUEST -> started.add(StepKeys.modelRequest(data.path("turn").asInt()));
                case MODEL_RESPONSE -> responses.put(data.path("turn").asInt(), ModelResponse.fromJson(data.path("response")));
                case TOOL_STARTED -> started.add(StepKeys.toolStarted(data.path("step").asInt()));
                case INBOX_DELIVERED -> {
                    List<JsonNode> notes = new java.util.ArrayList<>();
                    data.path("messages").forEach(notes::add);
                    inbox.put(data.path("turn").asInt(), notes);
                }
                case MEMORY_RECALLED -> {
                    recalled = new java.util.ArrayList<>();
                    data.path("memories").forEach(recalled::add);
                }
                case APPROVAL_REQUESTED -> started.add(StepKeys.approvalRequested(data.path("step").asInt()));
                case TOOL_RESULT -> outcomes.put(data.path("step").asInt(), outcome("result", data.get("result")));
                case TOOL_ERROR -> outcomes.put(data.path("step").asInt(), outcome("error", data.get("error")));
                case CHECKPOINT -> {
                    firstTurn = data.path("turn").asInt();
                    firstStep = data.path("step").asInt();
                    stepResults = (ObjectNode) data.get("steps");
                    messages = data.hasNonNull("messages") ? data.get("messages").asText() : null;
                    started.add(StepKeys.checkpoint(firstTurn));
                }
                // a resume after a graceful suspension or a durable wait is expected; one after a crash counts
                case INVOCATION_SUSPENDED, INVOCATION_WAITING -> suspended = true;
                case INVOCATION_RESUMED -> {
                    resumes += suspended ? 0 : 1;
                    suspended = false;
                }
                case STEP_RETRIED -> retries.merge(data.path("step_key").asText(), 1, Integer::sum);
                default -> {
                }
            }
        }
    }

    ModelResponse response(int turn) {
        return responses.get(turn);
    }

    /** The memories recalled for the first prompt, as journaled; null when none were recalled yet. */
    List<JsonNode> recalled() {
        return recalled;
    }

    /** The inbox messages the turn took, as journaled; null when it took none (or has not begun). */
    List<JsonNode> inbox(int turn) {
        return inbox.get(turn);
    }

    public JsonNode outcome(int step) {
        return outcomes.get(step);
    }

    /** True when the journal was read from a checkpoint on. */
    public boolean fromCheckpoint() {
        return stepResults != null;
    }

    /** The turn to go on from: 0, or the checkpoint's. */
    public int firstTurn() {
        return firstTurn;
    }

    int firstStep() {
        return firstStep;
    }

    /** The step results at the checkpoint, for templates; null without one. */
    ObjectNode stepResults() {
        return stepResults == null ? null : stepResults.deepCopy();
    }

    /** A provider model's conversation at the checkpoint (LangChain4j's JSON); null without one. */
    String messages() {
        return messages;
    }

    /** How often the invocation was resumed after its runner went away without suspending it. */
    public int resumes() {
        return resumes;
    }

    /** Model turns answered so far. */
    public int turns() {
        return firstTurn + responses.size();
    }

    /** Tool steps with an outcome so far. */
    public int steps() {
        return firstStep + outcomes.size();
    }

    /** How often the step was retried after a crash before. */
    int retries(String stepKey) {
        return retries.getOrDefault(stepKey, 0);
    }

    boolean started(String stepKey) {
        return started.contains(stepKey);
    }

    public static ObjectNode outcome(String field, JsonNode value) {
        ObjectNode outcome = Json.object();
        outcome.set(field, value);
        return outcome;
    }
}

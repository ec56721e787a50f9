package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.execution.RunStart;
import io.castellan.platform.Json;

/**
 * The loop's working state: the trigger, each tool step's outcome so far, the state a scripted
 * turn reads, the mission, and where the loop is (the next tool step). The model sees it as a
 * template context ({@link #templateContext()}); the loop changes it only through these methods.
 */
final class LoopState {

    private final ObjectNode trigger;
    private ObjectNode steps = Json.object();
    private JsonNode state = Json.object();
    private ObjectNode mission;
    private com.fasterxml.jackson.databind.node.ArrayNode inbox = Json.MAPPER.createArrayNode();
    private com.fasterxml.jackson.databind.node.ArrayNode recalled = Json.MAPPER.createArrayNode();
    private com.fasterxml.jackson.databind.node.ArrayNode plan = Json.MAPPER.createArrayNode();
    private int step;

    LoopState(RunStart run) {
        trigger = Json.object().put("kind", run.kind().name().toLowerCase()).put("at", run.queuedAt().toString());
        if (run.ref() != null) {
            trigger.put("ref", run.ref());
        }
        trigger.set("payload", run.payload());
        if (run.coalesced() != null) {
            trigger.set("coalesced", run.coalesced());
        }
    }

    ObjectNode trigger() {
        return trigger;
    }

    /** The mission's goal and progress, when the process has one. */
    void mission(ObjectNode mission) {
        this.mission = mission;
    }

    ObjectNode mission() {
        return mission;
    }

    /** The inbox messages this turn took (none for a turn that took none). */
    void inbox(java.util.List<JsonNode> notes) {
        inbox = Json.MAPPER.createArrayNode();
        notes.forEach(inbox::add);
    }

    /** The memories recalled for this invocation (manifest {@code memory.auto_recall}). */
    void recalled(java.util.List<JsonNode> memories) {
        recalled = Json.MAPPER.createArrayNode();
        memories.forEach(recalled::add);
    }

    /** {@code plan_act_reflect}'s plan, from the first turn's answer. */
    void plan(java.util.List<String> steps) {
        plan = Json.MAPPER.createArrayNode();
        steps.forEach(plan::add);
    }

    com.fasterxml.jackson.databind.node.ArrayNode recalled() {
        return recalled;
    }

    void state(JsonNode snapshot) {
        this.state = snapshot;
    }

    /** The outcomes a checkpoint saved (a copy of its own), when the loop resumes from it. */
    void resumeFrom(ObjectNode savedSteps) {
        this.steps = savedSteps;
    }

    void startAt(int nextStep) {
        this.step = nextStep;
    }

    /** The next tool step's number. */
    int step() {
        return step;
    }

    /** Records the outcome of the current tool step and moves to the next one. */
    void stepDone(JsonNode outcome) {
        steps.set(Integer.toString(step), outcome);
        step++;
    }

    /** Every outcome so far, by step number, for a checkpoint. */
    ObjectNode steps() {
        return steps;
    }

    /**
     * What a scripted turn's templates read: {@code trigger}, {@code steps}, {@code state},
     * {@code inbox} (the operators' messages this turn took), {@code recalled} (the memories
     * recalled for this invocation), {@code plan} ({@code plan_act_reflect}'s steps) and
     * {@code mission} when there is one.
     */
    ObjectNode templateContext() {
        ObjectNode context = Json.object();
        context.set("trigger", trigger);
        context.set("steps", steps);
        context.set("state", state);
        context.set("inbox", inbox);
        context.set("recalled", recalled);
        context.set("plan", plan);
        if (mission != null) {
            context.set("mission", mission);
        }
        return context;
    }

    /** What the conversation keeps of the trigger: nothing for the scripted model (which has no prompt). */
    String remembered(Prompt prompt) {
        return prompt == null ? null : Prompt.triggerText(trigger());
    }
}

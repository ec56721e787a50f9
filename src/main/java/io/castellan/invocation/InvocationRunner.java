package io.castellan.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.manifest.Manifest;
import io.castellan.model.ModelException;
import io.castellan.model.ModelRequest;
import io.castellan.model.ModelResponse;
import io.castellan.model.Models;
import io.castellan.model.ToolCall;
import io.castellan.process.Processes;
import io.castellan.state.States;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import io.castellan.tool.Tools;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Castellan's agent loop: ask the model, run the tools it asks for, feed back the results, until
 * it replies or runs out of steps. Driven by the journal: an invocation that was cut off replays
 * what it recorded and runs only the step that was in flight.
 */
@ApplicationScoped
public class InvocationRunner {

    @Inject
    private InvocationSteps steps;

    @Inject
    private Processes processes;

    @Inject
    private Models models;

    @Inject
    private Tools tools;

    @Inject
    private States states;

    /** Invocations executing in this JVM: a second wake-up for one of them has nothing to do. */
    private final Set<String> executing = ConcurrentHashMap.newKeySet();

    /**
     * Runs or resumes an invocation and returns when it has ended, or at once when it has nothing
     * to do now (it waits, has ended, or is already executing here).
     */
    public void run(String invocationId, String process) {
        if (!executing.add(invocationId)) {
            return;
        }
        try {
            steps.begin(invocationId, process).ifPresent(this::loop);
        } finally {
            executing.remove(invocationId);
        }
    }

    private void loop(RunStart run) {
        String invocationId = run.invocationId();
        Manifest manifest = processes.manifest(run.process(), run.version());
        Replay replay = steps.replay(invocationId);
        ObjectNode context = run.context();
        int step = 0;
        for (int turn = 0; ; turn++) {
            if (turn >= manifest.maxSteps()) {
                steps.fail(run, "max_steps exceeded: no reply after " + manifest.maxSteps() + " steps");
                return;
            }
            ModelResponse response = replay.response(turn);
            if (response == null) {
                context.set("state", states.snapshot(run.process()));
                if (!replay.started(StepKeys.modelRequest(turn))) {
                    steps.modelRequest(run, turn);
                }
                try {
                    response = models.forManifest(manifest).respond(new ModelRequest(invocationId, turn, manifest, context));
                } catch (ModelException e) {
                    steps.fail(run, "model: " + e.getMessage());
                    return;
                }
                steps.modelResponse(run, turn, response);
            }
            if (response.isReply()) {
                steps.complete(run, response.reply());
                return;
            }
            for (ToolCall call : response.toolCalls()) {
                JsonNode outcome = replay.outcome(step);
                if (outcome == null) {
                    outcome = execute(run, manifest, replay, turn, step, call);
                }
                ((ObjectNode) context.get("steps")).set(Integer.toString(step), outcome);
                step++;
            }
        }
    }

    private JsonNode execute(RunStart run, Manifest manifest, Replay replay, int turn, int step, ToolCall call) {
        Optional<Tool> tool = manifest.tools().contains(call.tool()) ? tools.find(call.tool()) : Optional.empty();
        if (tool.isEmpty()) {
            return steps.toolError(run, turn, step, call, "tool '" + call.tool() + "' is not available to this process", Duration.ZERO);
        }
        ToolContext context = new ToolContext(run.process(), run.invocationId(), step, manifest.networkAllow());
        if (tool.get().transactional()) {
            return steps.runRecorded(run, turn, step, call, tool.get(), context);
        }
        if (!replay.started(StepKeys.toolStarted(step))) {
            steps.toolStarted(run, turn, step, call);
        }
        Instant started = Instant.now();
        try {
            JsonNode result = tool.get().execute(context, call.args());
            return steps.toolResult(run, turn, step, call, result, Duration.between(started, Instant.now()));
        } catch (ToolException e) {
            return steps.toolError(run, turn, step, call, e.getMessage(), Duration.between(started, Instant.now()));
        }
    }
}

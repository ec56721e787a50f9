package io.castellan.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.castellan.manifest.Manifest;
import io.castellan.mission.Missions;
import io.castellan.model.ModelException;
import io.castellan.model.ModelRequest;
import io.castellan.model.ModelResponse;
import io.castellan.model.Models;
import io.castellan.model.ToolCall;
import io.castellan.platform.Json;
import io.castellan.process.Processes;
import io.castellan.secret.Secrets;
import io.castellan.state.States;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import io.castellan.tool.ToolSchemas;
import io.castellan.tool.Tools;
import io.castellan.tool.Toolset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Castellan's agent loop: ask the model, run the tools it asks for, feed back the results, until
 * it replies or runs out of steps. Driven by the journal: an invocation that was cut off replays
 * what it recorded and runs only the step that was in flight.
 */
@ApplicationScoped
public class InvocationRunner {

    private static final Logger LOG = Logger.getLogger(InvocationRunner.class.getName());

    /** How long an invocation whose loop failed unexpectedly rests before it resumes. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    @Inject
    private ClaimStep claims;

    @Inject
    private Endings endings;

    @Inject
    private ModelSteps modelSteps;

    @Inject
    private ToolSteps toolSteps;

    @Inject
    private Processes processes;

    @Inject
    private Models models;

    @Inject
    private Tools tools;

    @Inject
    private States states;

    @Inject
    private ConversationCompaction compaction;

    @Inject
    private Secrets secrets;

    @Inject
    private Missions missions;

    @Inject
    private MissionEvaluation missionEvaluation;

    /** Invocations executing in this JVM: a second wake-up for one of them has nothing to do. */
    @Inject
    private Executions executions;

    @Inject
    private InvocationThreads threads;

    @Inject
    private WaitSteps waitSteps;

    /**
     * Claims an invocation on the caller's (the consumer's) thread and runs or resumes it on a
     * virtual thread of its own. Returns once the claim has committed: from then on the database
     * says the invocation runs here, and a restart resumes it from its journal. Waits for a free
     * slot first when this server runs as many invocations as it may.
     *
     * @return null, or why the trigger was found to be poison (its invocation was failed)
     */
    public String run(String invocationId, String process) {
        if (!threads.acquire(executions::draining)) {
            // the server began to stop while every slot was taken: the broker keeps the wake-up for the next start
            throw new IllegalStateException("the server is stopping; invocation " + invocationId + " starts after the restart");
        }
        boolean handedOff = false;
        try {
            if (!executions.enter(invocationId)) {
                return null;
            }
            try {
                ClaimStep.Claim claim = claims.begin(invocationId, process);
                if (claim.run().isPresent()) {
                    RunStart run = claim.run().get();
                    threads.start(() -> execute(run));
                    handedOff = true;
                }
                return claim.poison();
            } finally {
                if (!handedOff) {
                    executions.leave(invocationId);
                }
            }
        } finally {
            if (!handedOff) {
                threads.release();
            }
        }
    }

    /** The invocation's own thread: the loop, then what its end asks for. */
    private void execute(RunStart run) {
        boolean interruptedByServer = false;
        boolean broke = false;
        try {
            loop(run);
            interruptedByServer = executions.interruptedByServer(run.invocationId());
        } catch (RuntimeException e) {
            // what a redelivery did when the loop ran on the consumer's thread: resume it from its
            // journal a little later; resumes that never finish make it poison (MAX_RESUMES)
            LOG.log(Level.WARNING, "Invocation {0} stopped on an error; it resumes from its journal in {1} s: {2}",
                    new Object[]{run.invocationId(), RETRY_AFTER.toSeconds(), String.valueOf(e.getMessage())});
            LOG.log(Level.FINE, "Invocation " + run.invocationId() + " stopped", e);
            broke = true;
        } finally {
            executions.leave(run.invocationId());
        }
        if (interruptedByServer) {
            // suspended because the server interrupted its call, though the application runs on:
            // a fresh wake-up resumes it now, or, if the server is going down, at the next start
            wakeUp(run, Duration.ZERO);
        } else if (broke) {
            wakeUp(run, RETRY_AFTER);
        }
    }

    private void loop(RunStart run) {
        Position at = new Position();
        try {
            turns(run, at);
        } catch (StopSignal stop) {
            if (stop.stop() == StopSignal.Stop.CANCEL) {
                endings.cancelled(run, at.step);
            } else if (stop.stop() == StopSignal.Stop.WAITING) {
                // suspended in a durable wait: the thread ends here, its event resumes the invocation
                return;
            }
        }
        evaluateMission(run);
    }

    /** Every check_interval invocations that ended, the mission is evaluated, unless the server is stopping. */
    private void evaluateMission(RunStart run) {
        if (executions.mustSuspend(run.invocationId())) {
            return;
        }
        Manifest manifest = processes.manifest(run.process(), run.version());
        missions.evaluationDue(run.process(), manifest).ifPresent(number -> missionEvaluation.evaluate(run, manifest, number));
    }

    /** Where the loop is, for a stop that interrupts it. */
    private static final class Position {
        private int step;
    }

    private void turns(RunStart run, Position at) {
        String invocationId = run.invocationId();
        Manifest manifest = processes.manifest(run.process(), run.version());
        Replay replay = run.resumed() ? claims.replay(invocationId) : Replay.none();
        ObjectNode context = run.context();
        ObjectNode mission = missions.context(run.process(), manifest).orElse(null);
        if (mission != null) {
            context.set("mission", mission);
        }
        Toolset toolset = tools.forManifest(manifest, run.process() + "@" + run.version());
        if (!toolset.unavailable().isEmpty() && !replay.started(StepKeys.toolsUnavailable())) {
            toolSteps.toolsUnavailable(run, toolset.unavailable());
        }
        List<ToolSpecification> offered = manifest.isScripted() ? List.of() : toolset.specifications();
        Prompt prompt = null;
        if (replay.fromCheckpoint()) {
            context.set("steps", replay.stepResults());
            prompt = replay.messages() == null ? null : new Prompt(replay.messages());
        } else if (!manifest.isScripted()) {
            ObjectNode trigger = (ObjectNode) context.get("trigger");
            JsonNode state = states.snapshot(run.process());
            prompt = new Prompt(manifest, compaction.history(run, manifest, replay, trigger, state, offered), trigger, state, mission);
        }
        int step = replay.firstStep();
        at.step = step;
        for (int turn = replay.firstTurn(); ; turn++) {
            if (turn >= manifest.maxSteps()) {
                endings.fail(run, "max_steps exceeded: no reply after " + manifest.maxSteps() + " steps");
                return;
            }
            ModelResponse response = replay.response(turn);
            if (response == null) {
                if (suspended(run, step)) {
                    return;
                }
                context.set("state", states.snapshot(run.process()));
                String requestKey = StepKeys.modelRequest(turn);
                if (!replay.started(requestKey)) {
                    long input = prompt == null ? 0 : prompt.estimatedTokens() + Prompt.toolTokens(offered);
                    long worstCaseTokens = manifest.isScripted() ? 0 : input + models.answerTokens(manifest);
                    modelSteps.modelRequest(run, manifest, turn, requestDetails(manifest, offered), worstCaseTokens,
                            models.worstCaseCost(manifest, input).orElse(null));
                } else {
                    toolSteps.stepRetried(run, requestKey, replay.retries(requestKey) + 1, Json.object().put("turn", turn));
                }
                ModelRequest request = prompt == null
                        ? ModelRequest.scripted(invocationId, turn, manifest, context)
                        : new ModelRequest(invocationId, turn, manifest, context, prompt.messages(), offered);
                try {
                    response = executions.outside(invocationId, () -> models.forManifest(manifest).respond(request));
                } catch (ModelException e) {
                    if (!suspended(run, step) && !endings.cancelIfAsked(run, step)) {
                        endings.fail(run, "model: " + e.getMessage());
                    }
                    return;
                }
                if (response.isReply()) {
                    // the answer and the invocation's end commit together: one transaction fewer
                    modelSteps.replied(run, manifest, turn, response, remembered(prompt, context));
                    return;
                }
                modelSteps.modelResponse(run, manifest, turn, response);
            }
            if (prompt != null) {
                prompt.answered(response);
            }
            if (response.isReply()) {
                // a reply recorded before this commit existed, by a server that then stopped
                endings.complete(run, manifest, response.reply(), remembered(prompt, context));
                return;
            }
            for (ToolCall call : response.toolCalls()) {
                JsonNode outcome = replay.outcome(step);
                if (outcome == null) {
                    if (suspended(run, step)) {
                        return;
                    }
                    outcome = execute(run, manifest, toolset, replay, turn, step, call);
                    if (outcome == null) {
                        // cut off by the server stopping: no outcome is recorded, so the step runs again on resume
                        suspend(run, step);
                        return;
                    }
                }
                ((ObjectNode) context.get("steps")).set(Integer.toString(step), outcome);
                if (prompt != null) {
                    prompt.toolOutcome(call, outcome);
                }
                step++;
                at.step = step;
            }
            if ((turn + 1) % manifest.checkpointEvery() == 0 && !replay.started(StepKeys.checkpoint(turn + 1))) {
                modelSteps.checkpoint(run, turn + 1, step, (ObjectNode) context.get("steps"), prompt == null ? null : prompt.saved());
            }
        }
    }

    /** What the conversation keeps of the trigger: nothing for the scripted model. */
    private static String remembered(Prompt prompt, ObjectNode context) {
        return prompt == null ? null : Prompt.triggerText((ObjectNode) context.get("trigger"));
    }

    /**
     * True when the invocation suspends here because the server is stopping. (A cancel, or an end
     * elsewhere, is found by the next step's own transaction, which then throws a StopSignal.)
     */
    private boolean suspended(RunStart run, int step) {
        if (executions.mustSuspend(run.invocationId())) {
            suspend(run, step);
            return true;
        }
        return false;
    }

    /** Leaves the invocation RUNNING here, journaled, to resume from its journal. */
    private void suspend(RunStart run, int step) {
        endings.suspended(run, step);
    }

    private void wakeUp(RunStart run, Duration after) {
        try {
            endings.wakeUp(run, after);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Invocation {0} suspended; it resumes at the next start ({1})", new Object[]{run.invocationId(), e.getMessage()});
        }
    }

    private static ObjectNode requestDetails(Manifest manifest, List<ToolSpecification> offered) {
        ObjectNode details = Json.object().put("model", manifest.model());
        offered.forEach(t -> details.withArray("tools").add(t.name()));
        return details;
    }

    private JsonNode execute(RunStart run, Manifest manifest, Toolset toolset, Replay replay, int turn, int step, ToolCall call) {
        Optional<Tool> tool = toolset.find(call.tool());
        if (tool.isEmpty()) {
            return toolSteps.toolError(run, manifest, turn, step, call, "tool '" + call.tool() + "' is not available to this process", Duration.ZERO);
        }
        Optional<String> invalid = ToolSchemas.violations(tool.get().specification(), call.args());
        if (invalid.isPresent()) {
            return toolSteps.toolError(run, manifest, turn, step, call, invalid.get(), Duration.ZERO);
        }
        ToolContext context = new ToolContext(run.process(), run.invocationId(), step, manifest.networkAllow());
        if (tool.get().suspends()) {
            return waitFor(run, manifest, replay, turn, step, call, tool.get(), context);
        }
        Set<String> secretNames = SecretPlaceholders.names(call.args());
        if (tool.get().transactional()) {
            if (!secretNames.isEmpty()) {
                return toolSteps.toolError(run, manifest, turn, step, call,
                        "secrets are given only to tools that call out (http_request, MCP tools), not to " + call.tool(), Duration.ZERO);
            }
            return toolSteps.runRecorded(run, manifest, turn, step, call, tool.get(), context);
        }
        JsonNode args = call.args();
        if (!secretNames.isEmpty()) {
            try {
                args = SecretPlaceholders.fill(args, secrets.resolve(run.process(), manifest, secretNames));
            } catch (Secrets.Unavailable e) {
                return toolSteps.toolError(run, manifest, turn, step, call, e.getMessage(), Duration.ZERO);
            }
        }
        String startedKey = StepKeys.toolStarted(step);
        if (!replay.started(startedKey)) {
            toolSteps.toolStarted(run, manifest, turn, step, call, secretNames);
        } else {
            toolSteps.stepRetried(run, startedKey, replay.retries(startedKey) + 1,
                    Json.object().put("turn", turn).put("step", step).put("tool", call.tool()).put("idempotency_key", context.idempotencyKey()),
                    secretNames);
        }
        JsonNode filled = args;
        Instant started = Instant.now();
        try {
            JsonNode result = executions.outside(run.invocationId(), () -> tool.get().execute(context, filled));
            return toolSteps.toolResult(run, manifest, turn, step, call, result, Duration.between(started, Instant.now()));
        } catch (ToolException e) {
            if (executions.mustSuspend(run.invocationId())) {
                return null;
            }
            return toolSteps.toolError(run, manifest, turn, step, call, e.getMessage(), Duration.between(started, Instant.now()));
        }
    }

    /**
     * A durable wait: the first time, the invocation is suspended WAITING (a StopSignal ends the
     * loop and frees the thread); once its event has resumed it, the wait's outcome is the step's result.
     */
    private JsonNode waitFor(RunStart run, Manifest manifest, Replay replay, int turn, int step, ToolCall call, Tool tool, ToolContext context) {
        if (replay.started(StepKeys.toolStarted(step))) {
            return waitSteps.ended(run, turn, step, call);
        }
        Instant until;
        try {
            until = Instant.parse(tool.execute(context, call.args()).path("until").asText());
        } catch (ToolException e) {
            return toolSteps.toolError(run, manifest, turn, step, call, e.getMessage(), Duration.ZERO);
        }
        waitSteps.began(run, manifest, turn, step, call, DurableWait.Kind.TIME, until, null);
        throw new StopSignal(StopSignal.Stop.WAITING);
    }
}

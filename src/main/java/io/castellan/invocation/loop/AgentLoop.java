package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.castellan.invocation.execution.Endings;
import io.castellan.invocation.execution.Executions;
import io.castellan.invocation.execution.RunGuard;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.StopSignal;
import io.castellan.manifest.Manifest;
import io.castellan.model.ModelException;
import io.castellan.model.ModelRequest;
import io.castellan.model.ModelResponse;
import io.castellan.model.Models;
import io.castellan.model.ToolCall;
import io.castellan.platform.Json;
import io.castellan.state.States;
import io.castellan.tool.Toolset;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.logging.Logger;

/**
 * Castellan's agent loop: ask the model, run the tools it asks for, feed back the results, until
 * it replies or runs out of steps. Driven by the journal: an invocation that was cut off replays
 * what it recorded and runs only the step that was in flight. Its local steps share one
 * transaction ({@link LoopTransaction}), committed before anything goes outside.
 */
@ApplicationScoped
public class AgentLoop {

    private static final Logger LOG = Logger.getLogger(AgentLoop.class.getName());

    @Inject
    private Endings endings;

    @Inject
    private ModelSteps modelSteps;

    @Inject
    private ToolSteps toolSteps;

    @Inject
    private ToolCalls toolCalls;

    @Inject
    private InboxSteps inboxSteps;

    @Inject
    private ExtensionHooks extensionHooks;

    @Inject
    private ProtocolSteps protocolSteps;

    @Inject
    private LoopPreparation preparation;

    @Inject
    private Models models;

    @Inject
    private States states;

    @Inject
    private MissionEvaluation missionEvaluation;

    @Inject
    private Executions executions;

    @Inject
    private RunGuard guard;

    /** The loop's own transaction, which its local steps share (see LoopTransaction). */
    @Resource
    private UserTransaction userTransaction;

    /** Runs or resumes the invocation until it ends, waits, or suspends. */
    public void run(RunStart run) {
        run(run, new LoopTransaction(userTransaction, guard, run.process()));
    }

    /**
     * Runs the invocation just claimed by the caller's open transaction (a folded start: the accept
     * holds the process's lock), its first local steps in that transaction; {@code firstCommit} runs
     * once it has committed. A failure before then rolls it back, accept and all, and is thrown.
     */
    public void runInOpen(RunStart run, Runnable firstCommit) {
        run(run, LoopTransaction.adopted(userTransaction, guard, run.process(), firstCommit));
    }

    private void run(RunStart run, LoopTransaction tx) {
        Position at = new Position(tx, new LoopState(run));
        try {
            try {
                turns(run, at);
                at.tx.commit();
            } catch (StopSignal stop) {
                if (stop.stop() == StopSignal.Stop.FENCED) {
                    // another server runs it now: what this one holds uncommitted is not its to keep
                    at.tx.rollback();
                    LOG.warning(() -> "Invocation " + run.invocationId() + " was taken over by another server; it stops here");
                    return;
                }
                at.tx.commit();
                if (stop.stop() == StopSignal.Stop.CANCEL) {
                    endings.cancelled(run, at.state.step());
                } else if (stop.stop() == StopSignal.Stop.WAITING) {
                    // suspended in a durable wait: the thread ends here, its event resumes the invocation
                    return;
                }
            }
        } catch (RuntimeException e) {
            at.tx.rollback();
            throw e;
        }
        missionEvaluation.evaluateIfDue(run);
    }

    /** The loop's working state (where it is, for a stop that interrupts it), and the transaction its local steps share. */
    private record Position(LoopTransaction tx, LoopState state) {
    }

    private void turns(RunStart run, Position at) {
        String invocationId = run.invocationId();
        LoopState loop = at.state;
        LoopPreparation.Prepared start = preparation.prepare(run, loop, at.tx);
        Manifest manifest = start.manifest();
        Replay replay = start.replay();
        Toolset toolset = start.toolset();
        List<ToolSpecification> offered = start.offered();
        boolean reflects = start.reflects();
        Prompt prompt = start.prompt();
        // plan_act_reflect: the act's final reply, once given, waits for the reflection turn
        String pendingReply = null;
        loop.startAt(replay.firstStep());
        for (int turn = replay.firstTurn(); ; turn++) {
            if (turn >= manifest.maxSteps()) {
                if (pendingReply != null) {
                    // no turn left to reflect in: the act's reply still ends it
                    endings.complete(run, manifest, pendingReply, loop.remembered(prompt));
                } else {
                    endings.fail(run, "max_steps exceeded: no reply after " + manifest.maxSteps() + " steps");
                }
                return;
            }
            ModelResponse response = replay.response(turn);
            if (response == null) {
                if (suspended(run, loop.step())) {
                    return;
                }
                at.tx.ensure();
                inboxSteps.hear(run, replay, turn, loop, prompt, true);
                if (ModelSteps.scriptReadsState(manifest, turn)) {
                    loop.state(states.snapshot(run.process()));
                }
                String requestKey = StepKeys.modelRequest(turn);
                if (!replay.started(requestKey)) {
                    long input = prompt == null ? 0 : prompt.estimatedTokens() + Prompt.toolTokens(offered);
                    long worstCaseTokens = manifest.isScripted() ? 0 : input + models.answerTokens(manifest);
                    modelSteps.modelRequest(run, manifest, turn, ModelSteps.requestDetails(manifest, offered), worstCaseTokens,
                            models.worstCaseCost(manifest, input).orElse(null));
                } else {
                    toolSteps.stepRetried(run, requestKey, replay.retries(requestKey) + 1, Json.object().put("turn", turn));
                }
                ModelRequest request = prompt == null
                        ? ModelRequest.scripted(invocationId, turn, manifest, loop.templateContext())
                        : new ModelRequest(invocationId, turn, manifest, loop.templateContext(), prompt.messages(), offered);
                if (!manifest.isScripted()) {
                    // a provider call goes outside: its request is recorded (and billed) before it goes
                    at.tx.commit();
                }
                try {
                    response = extensionHooks.aroundModelCall(run, manifest, turn,
                            () -> executions.outside(invocationId, () -> models.forManifest(manifest).respond(request)));
                } catch (ModelException e) {
                    at.tx.ensure();
                    if (!suspended(run, loop.step()) && !endings.cancelIfAsked(run, loop.step())) {
                        endings.fail(run, "model: " + e.getMessage());
                    }
                    return;
                }
                if (reflects && pendingReply != null) {
                    // the reflection, the reply it follows and the invocation's end commit together (a
                    // provider's embedding of the reflection asked before that transaction opens)
                    try (var ahead = protocolSteps.embedAhead(run, manifest, response, at.tx)) {
                        at.tx.ensure();
                        protocolSteps.reflected(run, manifest, turn, response, pendingReply, loop.remembered(prompt));
                    }
                    return;
                }
                at.tx.ensure();
                if (reflects && turn == 0 && response.isReply()) {
                    protocolSteps.planned(run, manifest, turn, response, PlanActReflect.plan(response.reply()));
                } else if (response.isReply() && !reflects) {
                    // the answer and the invocation's end commit together
                    modelSteps.replied(run, manifest, turn, response, loop.remembered(prompt));
                    return;
                } else {
                    modelSteps.modelResponse(run, manifest, turn, response);
                }
            } else {
                inboxSteps.hear(run, replay, turn, loop, prompt, false);
            }
            if (prompt != null) {
                prompt.answered(response);
            }
            if (reflects && response.isReply() && pendingReply == null) {
                if (turn == 0) {
                    loop.plan(PlanActReflect.plan(response.reply()));
                } else {
                    pendingReply = response.reply();
                }
                if (prompt != null) {
                    prompt.note(turn == 0 ? PlanActReflect.ACT : PlanActReflect.REFLECT);
                }
                continue;
            }
            if (response.isReply()) {
                // a reply recorded before this commit existed, by a server that then stopped
                endings.complete(run, manifest, pendingReply != null ? pendingReply : response.reply(), loop.remembered(prompt));
                return;
            }
            for (ToolCall call : response.toolCalls()) {
                int step = loop.step();
                String expected = reflects ? PlanActReflect.expected(call) : null;
                JsonNode outcome = replay.outcome(step);
                if (outcome == null) {
                    if (suspended(run, step)) {
                        return;
                    }
                    at.tx.ensure();
                    outcome = toolCalls.execute(run, manifest, toolset, replay, turn, step, reflects ? PlanActReflect.acting(call) : call, at.tx);
                    if (outcome == null) {
                        // cut off by the server stopping: no outcome is recorded, so the step runs again on resume
                        suspend(run, step);
                        return;
                    }
                    if (expected != null) {
                        protocolSteps.feedback(run, step, call.tool(), expected, outcome);
                    }
                }
                if (outcome.has("error") && manifest.onToolError() == Manifest.OnToolError.FAIL) {
                    // on_tool_error: fail; the error and the end commit together (a replayed error ends it the same way)
                    endings.fail(run, "tool step " + step + " (" + call.tool() + ") failed: " + outcome.get("error").asText());
                    return;
                }
                loop.stepDone(outcome);
                if (prompt != null) {
                    prompt.toolOutcome(call, expected == null ? outcome : PlanActReflect.beside(expected, outcome));
                }
            }
            if ((turn + 1) % manifest.checkpointEvery() == 0 && !replay.started(StepKeys.checkpoint(turn + 1))) {
                modelSteps.checkpoint(run, turn + 1, loop.step(), loop.steps(), prompt == null ? null : prompt.saved());
            }
        }
    }

    /**
     * True when the invocation suspends here because the server is stopping. (A cancel, or an end
     * elsewhere, is found by the next step's own transaction, which then throws a StopSignal.)
     */
    boolean suspended(RunStart run, int step) {
        if (executions.mustSuspend(run.invocationId())) {
            suspend(run, step);
            return true;
        }
        return false;
    }

    /** Leaves the invocation RUNNING here, journaled, to resume from its journal. */
    void suspend(RunStart run, int step) {
        endings.suspended(run, step);
    }
}

package io.castellan.invocation.wait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.execution.Endings;
import io.castellan.invocation.execution.RunGuard;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.StopSignal;
import io.castellan.invocation.loop.Replay;
import io.castellan.invocation.loop.StepKeys;
import io.castellan.invocation.loop.ToolSteps;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.model.ToolCall;
import io.castellan.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The two steps of a durable wait, each in its own transaction: suspending the invocation WAITING
 * (the step started, the wait row, {@code INVOCATION_WAITING}), and, once its event has resumed
 * the invocation, recording the wait's outcome as the step's result.
 */
@ApplicationScoped
public class WaitSteps {

    @Inject
    private RunGuard guard;

    @Inject
    private ToolSteps toolSteps;

    @Inject
    private Journal journal;

    @Inject
    private Waits waits;

    @Inject
    private Answers answers;

    @Inject
    private Approvals approvals;

    @Inject
    private Endings endings;

    /**
     * Suspends the invocation in a wait. The process is locked first (the lock order of lifecycle
     * changes), so a cancel either comes before, and this throws StopSignal, or finds it WAITING.
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public void began(RunStart run, Manifest manifest, int turn, int step, ToolCall call, DurableWait.Kind kind, Instant until, String eventKey) {
        Invocation invocation = lockedToWait(run);
        toolSteps.checkToolBudget(run, manifest, step, call);
        journal.append(run.process(), JournalType.TOOL_STARTED, run.invocationId(), StepKeys.toolStarted(step),
                ToolSteps.stepData(turn, step, call));
        ObjectNode data = Json.object().put("step", step).put("kind", kind.name().toLowerCase());
        if (until != null) {
            data.put("until", until.toString());
        }
        if (kind == DurableWait.Kind.ANSWER) {
            data.put("asked", eventKey);
        }
        // an approval's request follows in the same transaction (approvalRequested)
        journal.append(run.process(), JournalType.INVOCATION_WAITING, run.invocationId(), data);
        waits.begin(run, step, kind, until, eventKey);
        invocation.waiting();
        if (kind == DurableWait.Kind.ANSWER) {
            answers.answeredAlready(run, step, eventKey);
        }
    }

    /** The running invocation, locked to suspend it; a StopSignal when it ended or a cancel was asked for. */
    private Invocation lockedToWait(RunStart run) {
        Invocation invocation = guard.lockedRunning(run);
        if (invocation == null) {
            throw new StopSignal(StopSignal.Stop.ENDED);
        }
        if (invocation.cancelRequested()) {
            throw new StopSignal(StopSignal.Stop.CANCEL);
        }
        return invocation;
    }

    /** {@code request_approval}: suspended as {@link #began} does, with its request (and the request's notice). */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public void approvalRequested(RunStart run, Manifest manifest, int turn, int step, ToolCall call, JsonNode suspension) {
        began(run, manifest, turn, step, call, DurableWait.Kind.APPROVAL, null, null);
        approvals.request(run, step, null, suspension.path("summary").asText(), suspension.get("details"), null, manifest.approval());
    }

    /**
     * A call of a gated tool, before it runs: the invocation waits for a decision on it. Its
     * start is not journaled (it has not started); {@code APPROVAL_REQUESTED} is the step's mark.
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public void gateClosed(RunStart run, Manifest manifest, int step, ToolCall call) {
        awaitDecision(run, manifest, step, call, "call " + call.tool(), null);
    }

    /**
     * A prepared call whose effect waits for a person ({@code PreparedTool}): its start was
     * journaled before it prepared; the request shows what was prepared, and the decision is read
     * as a gated call's ({@link #gateDecision}).
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public void effectAwaitsApproval(RunStart run, Manifest manifest, int step, ToolCall call, String summary, JsonNode details) {
        awaitDecision(run, manifest, step, call, summary, details);
    }

    private void awaitDecision(RunStart run, Manifest manifest, int step, ToolCall call, String summary, JsonNode details) {
        Invocation invocation = lockedToWait(run);
        journal.append(run.process(), JournalType.INVOCATION_WAITING, run.invocationId(),
                Json.object().put("step", step).put("kind", "approval").put("tool", call.tool()));
        waits.begin(run, step, DurableWait.Kind.APPROVAL, null, null);
        approvals.request(run, step, call.tool(), summary, details, call.args(), manifest.approval());
        invocation.waiting();
    }

    /**
     * The decision on a gated call, once its wait has resumed the invocation: an approval (the call
     * then runs), else the step's error (rejected), or the invocation's failure (expired under
     * {@code on_timeout: fail}, which throws a StopSignal). Still pending: back to WAITING.
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public GateDecision gateDecision(RunStart run, Manifest manifest, int turn, int step, ToolCall call) {
        guard.goOn(run.invocationId());
        JsonNode outcome = settled(run, step);
        if (failsInvocation(outcome)) {
            endings.fail(run, "tool step " + step + " (" + call.tool() + "): " + outcome.get("error").asText());
            throw new StopSignal(StopSignal.Stop.ENDED);
        }
        if ("approved".equals(outcome.path("decision").asText())) {
            return new GateDecision(outcome, null);
        }
        String why = "the call was rejected by " + outcome.path("by").asText("nobody")
                + (outcome.hasNonNull("comment") ? ": " + outcome.get("comment").asText() : "");
        Approval approval = approvals.of(run.invocationId(), step).orElse(null);
        return new GateDecision(null, toolSteps.toolError(run, manifest, turn, step, call, why,
                approval == null ? Duration.ZERO : Duration.between(approval.requestedAt(), Instant.now())));
    }

    /** A gated call's decision: the approval (the call goes on), or the step's recorded error. */
    public record GateDecision(JsonNode approved, JsonNode error) {
    }

    /** The resolved wait's outcome; a wait still pending puts the invocation back to WAITING and stops the loop. */
    private JsonNode settled(RunStart run, int step) {
        Optional<DurableWait> wait = waits.find(run.invocationId(), step);
        if (wait.isPresent() && wait.get().pending()) {
            Invocation invocation = guard.lockedRunning(run);
            if (invocation != null) {
                invocation.waiting();
            }
            throw new StopSignal(StopSignal.Stop.WAITING);
        }
        return wait.map(DurableWait::outcome).orElse(Json.object());
    }

    private static boolean failsInvocation(JsonNode outcome) {
        return outcome.path("fail_invocation").asBoolean(false) && outcome.has("error");
    }

    /**
     * The wait's outcome as the step's result, or as its error when the outcome is one (an answer
     * that failed, did not match, or did not come in time). If the wait is somehow still pending (a
     * wake-up that came early), the invocation goes back to WAITING and a StopSignal ends the loop.
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public JsonNode ended(RunStart run, Manifest manifest, int turn, int step, ToolCall call) {
        guard.goOn(run.invocationId());
        JsonNode outcome = settled(run, step);
        Optional<DurableWait> wait = waits.find(run.invocationId(), step);
        Instant now = Instant.now();
        if (outcome.has("error")) {
            JsonNode error = toolSteps.toolError(run, manifest, turn, step, call, outcome.get("error").asText(),
                    wait.map(w -> Duration.between(w.createdAt(), now)).orElse(Duration.ZERO));
            if (failsInvocation(outcome)) {
                // the error and the end commit together
                endings.fail(run, "tool step " + step + " (" + call.tool() + "): " + outcome.get("error").asText());
                throw new StopSignal(StopSignal.Stop.ENDED);
            }
            return error;
        }
        ObjectNode data = ToolSteps.stepData(turn, step, call)
                .put("duration_ms", wait.map(w -> Duration.between(w.createdAt(), now).toMillis()).orElse(0L));
        data.set("result", outcome);
        journal.append(run.process(), JournalType.TOOL_RESULT, run.invocationId(), StepKeys.toolOutcome(step), data);
        return Replay.outcome("result", outcome);
    }
}

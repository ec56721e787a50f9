package io.castellan.invocation.wait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.Invocation;
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

    /**
     * Suspends the invocation in a wait. The process is locked first (the lock order of lifecycle
     * changes), so a cancel either comes before, and this throws StopSignal, or finds it WAITING.
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public void began(RunStart run, Manifest manifest, int turn, int step, ToolCall call, DurableWait.Kind kind, Instant until, String eventKey) {
        Invocation invocation = guard.lockedRunning(run);
        if (invocation == null) {
            throw new StopSignal(StopSignal.Stop.ENDED);
        }
        if (invocation.cancelRequested()) {
            throw new StopSignal(StopSignal.Stop.CANCEL);
        }
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
        journal.append(run.process(), JournalType.INVOCATION_WAITING, run.invocationId(), data);
        waits.begin(run, step, kind, until, eventKey);
        invocation.waiting();
        if (kind == DurableWait.Kind.ANSWER) {
            answers.answeredAlready(run, step, eventKey);
        }
    }

    /**
     * The wait's outcome as the step's result, or as its error when the outcome is one (an answer
     * that failed, did not match, or did not come in time). If the wait is somehow still pending (a
     * wake-up that came early), the invocation goes back to WAITING and a StopSignal ends the loop.
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public JsonNode ended(RunStart run, Manifest manifest, int turn, int step, ToolCall call) {
        guard.goOn(run.invocationId());
        Optional<DurableWait> wait = waits.find(run.invocationId(), step);
        if (wait.isPresent() && wait.get().pending()) {
            Invocation invocation = guard.lockedRunning(run);
            if (invocation != null) {
                invocation.waiting();
            }
            throw new StopSignal(StopSignal.Stop.WAITING);
        }
        JsonNode outcome = wait.map(DurableWait::outcome).orElse(Json.object());
        Instant now = Instant.now();
        if (outcome.has("error")) {
            return toolSteps.toolError(run, manifest, turn, step, call, outcome.get("error").asText(),
                    wait.map(w -> Duration.between(w.createdAt(), now)).orElse(Duration.ZERO));
        }
        ObjectNode data = ToolSteps.stepData(turn, step, call)
                .put("duration_ms", wait.map(w -> Duration.between(w.createdAt(), now).toMillis()).orElse(0L));
        data.set("result", outcome);
        journal.append(run.process(), JournalType.TOOL_RESULT, run.invocationId(), StepKeys.toolOutcome(step), data);
        return Replay.outcome("result", outcome);
    }
}

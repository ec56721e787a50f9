package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.execution.Executions;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.StopSignal;
import io.castellan.invocation.wait.WaitSteps;
import io.castellan.manifest.Manifest;
import io.castellan.model.ToolCall;
import io.castellan.platform.Json;
import io.castellan.tool.PreparedTool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A call of a {@link PreparedTool} whose effect waits for a person: started, prepared outside (a
 * retry after a crash prepares again, until the request is journaled), then suspended WAITING
 * with an approval request showing what was prepared; once decided, an approved call completes
 * outside and its result is the step's, a rejected one is the step's error.
 */
@ApplicationScoped
class PreparedCalls {

    @Inject
    private ToolSteps toolSteps;

    @Inject
    private WaitSteps waitSteps;

    @Inject
    private Executions executions;

    JsonNode execute(RunStart run, Manifest manifest, Replay replay, int turn, int step, ToolCall call, PreparedTool tool, ToolContext context,
                     LoopTransaction tx) {
        if (!replay.started(StepKeys.approvalRequested(step))) {
            String startedKey = StepKeys.toolStarted(step);
            if (!replay.started(startedKey)) {
                toolSteps.toolStarted(run, manifest, turn, step, call, Set.of());
            } else {
                toolSteps.stepRetried(run, startedKey, replay.retries(startedKey) + 1,
                        Json.object().put("turn", turn).put("step", step).put("tool", call.tool()), Set.of());
            }
            Outcome<PreparedTool.Prepared> prepared = outside(run, tx, () -> tool.prepare(context, call.args()));
            if (prepared.value() == null) {
                return prepared.error == null ? null : toolSteps.toolError(run, manifest, turn, step, call, prepared.error, prepared.took());
            }
            if (!prepared.value().needsApproval()) {
                return toolSteps.toolResult(run, manifest, turn, step, call, prepared.value().result(), prepared.took());
            }
            waitSteps.effectAwaitsApproval(run, manifest, step, call, prepared.value().summary(), prepared.value().details());
            throw new StopSignal(StopSignal.Stop.WAITING);
        }
        WaitSteps.GateDecision decision = waitSteps.gateDecision(run, manifest, turn, step, call);
        if (decision.error() != null) {
            return decision.error();
        }
        Outcome<JsonNode> completed = outside(run, tx, () -> tool.complete(context, call.args(), decision.approved()));
        if (completed.value() == null) {
            return completed.error == null ? null : toolSteps.toolError(run, manifest, turn, step, call, completed.error, completed.took());
        }
        return toolSteps.toolResult(run, manifest, turn, step, call, completed.value(), completed.took());
    }

    /** A value, or the tool's error, or neither when the server cut the call off (the loop then suspends). */
    private record Outcome<T>(T value, String error, Duration took) {
    }

    /** Runs the call with the loop's steps committed before it and the transaction open again after it. */
    private <T> Outcome<T> outside(RunStart run, LoopTransaction tx, Supplier<T> call) {
        tx.commit();
        Instant started = Instant.now();
        try {
            T value = executions.outside(run.invocationId(), call);
            tx.ensure();
            return new Outcome<>(value, null, Duration.between(started, Instant.now()));
        } catch (ToolException e) {
            if (executions.mustSuspend(run.invocationId())) {
                return new Outcome<>(null, null, Duration.ZERO);
            }
            tx.ensure();
            return new Outcome<>(null, e.getMessage(), Duration.between(started, Instant.now()));
        }
    }
}

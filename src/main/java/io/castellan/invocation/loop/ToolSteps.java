package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.behaviour.HealthWatch;
import io.castellan.budget.BudgetGuard;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.execution.Endings;
import io.castellan.invocation.execution.RunGuard;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.StopSignal;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.model.ToolCall;
import io.castellan.platform.Json;
import io.castellan.platform.Redactor;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of a tool call, each in its own transaction: started (checked against the budget, the
 * secrets it is given journaled by name), its result or error (redacted, then the inline health
 * check), a database-only tool run inside the transaction that records it, a retry after a crash.
 */
@ApplicationScoped
public class ToolSteps {

    @Inject
    private Journal journal;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private BudgetGuard budget;

    @Inject
    private HealthWatch health;

    @Inject
    private Redactor redactor;

    @Inject
    private RunGuard guard;

    @Inject
    private Endings endings;

    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void stepRetried(RunStart run, String stepKey, int attempt, ObjectNode details) {
        stepRetried(run, stepKey, attempt, details, Set.of());
    }

    /** @param secrets the secrets the retried tool call is given again */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void stepRetried(RunStart run, String stepKey, int attempt, ObjectNode details, Set<String> secrets) {
        guard.goOn(run.invocationId());
        journal.append(run.process(), JournalType.STEP_RETRIED, run.invocationId(), "retry:" + stepKey + ":" + attempt,
                details.put("step_key", stepKey).put("attempt", attempt));
        secretsAccessed(run, details.path("step").asInt(), details.path("tool").asText(), secrets);
    }

    /** Every use of a secret is journaled, by name only. */
    private void secretsAccessed(RunStart run, int step, String tool, Set<String> secrets) {
        for (String secret : secrets) {
            journal.append(run.process(), JournalType.SECRET_ACCESSED, run.invocationId(),
                    Json.object().put("secret", secret).put("tool", tool).put("step", step));
        }
    }

    /** In the caller's step transaction: a tool call the budget refuses fails the invocation (StopSignal). */
    public void checkToolBudget(RunStart run, Manifest manifest, int step, ToolCall call) {
        budget.beforeToolCall(run.process(), run.invocationId(), manifest, step, call.tool()).ifPresent(refused -> endings.refuse(run, manifest, refused));
    }

    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void toolsUnavailable(RunStart run, List<String> reasons) {
        ObjectNode data = Json.object();
        reasons.forEach(data.putArray("reasons")::add);
        journal.append(run.process(), JournalType.TOOLS_UNAVAILABLE, run.invocationId(), StepKeys.toolsUnavailable(), data);
    }

    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void toolStarted(RunStart run, Manifest manifest, int turn, int step, ToolCall call, Set<String> secrets) {
        guard.goOn(run.invocationId());
        checkToolBudget(run, manifest, step, call);
        journal.append(run.process(), JournalType.TOOL_STARTED, run.invocationId(), StepKeys.toolStarted(step), stepData(turn, step, call));
        secretsAccessed(run, step, call.tool(), secrets);
    }

    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    JsonNode toolResult(RunStart run, Manifest manifest, int turn, int step, ToolCall call, JsonNode result, Duration took) {
        lockForHealthCheck(run, manifest);
        // what the model sees next is what is stored: without secret values a tool brought back
        JsonNode redacted = redactor.redact(run.process(), result);
        ObjectNode data = stepData(turn, step, call).put("duration_ms", took.toMillis());
        data.set("result", redacted);
        journal.append(run.process(), JournalType.TOOL_RESULT, run.invocationId(), StepKeys.toolOutcome(step), data);
        checkHealth(run, manifest);
        return Replay.outcome("result", redacted);
    }

    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public JsonNode toolError(RunStart run, Manifest manifest, int turn, int step, ToolCall call, String error, Duration took) {
        lockForHealthCheck(run, manifest);
        ObjectNode data = stepData(turn, step, call).put("duration_ms", took.toMillis()).put("error", redactor.redact(run.process(), error));
        journal.append(run.process(), JournalType.TOOL_ERROR, run.invocationId(), StepKeys.toolOutcome(step), data);
        Invocation invocation = em.find(Invocation.class, run.invocationId());
        if (invocation != null) {
            invocation.toolFailed();
            // written now: the ending may read the invocation again under its lock (RunGuard.lockedRunning
            // refreshes it when this transaction did not open with that lock), which would throw an
            // unflushed count away
            em.flush();
        }
        checkHealth(run, manifest);
        return Replay.outcome("error", data.get("error"));
    }

    /** The health check locks the process; taking it before the journal keeps the lock order of lifecycle changes. */
    private void lockForHealthCheck(RunStart run, Manifest manifest) {
        if (manifest.health().enabled()) {
            guard.lockProcess(run.process());
        }
    }

    /** After a tool step: a detector that fires ends the invocation here, once the alert is committed. */
    private void checkHealth(RunStart run, Manifest manifest) {
        Optional<String> unhealthy = health.check(run.process(), manifest, run.invocationId());
        if (unhealthy.isPresent()) {
            Invocation invocation = guard.lockedRunning(run);
            if (invocation != null) {
                endings.finish(invocation, Endings.Outcome.FAILED, unhealthy.get());
            }
            throw new StopSignal(StopSignal.Stop.ENDED);
        }
    }

    /** A tool that only touches the database runs inside the transaction that records it: exactly once. */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    JsonNode runRecorded(RunStart run, Manifest manifest, int turn, int step, ToolCall call, Tool tool, ToolContext context) {
        guard.goOn(run.invocationId());
        checkToolBudget(run, manifest, step, call);
        journal.append(run.process(), JournalType.TOOL_STARTED, run.invocationId(), StepKeys.toolStarted(step), stepData(turn, step, call));
        Instant started = Instant.now();
        try {
            JsonNode result = tool.execute(context, call.args());
            return toolResult(run, manifest, turn, step, call, result, Duration.between(started, Instant.now()));
        } catch (ToolException e) {
            return toolError(run, manifest, turn, step, call, e.getMessage(), Duration.between(started, Instant.now()));
        }
    }

    public static ObjectNode stepData(int turn, int step, ToolCall call) {
        ObjectNode data = Json.object().put("turn", turn).put("step", step).put("tool", call.tool());
        data.set("args", call.args());
        return data;
    }
}

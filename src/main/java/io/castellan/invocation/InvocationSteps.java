package io.castellan.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.behaviour.HealthWatch;
import io.castellan.budget.BudgetGuard;
import io.castellan.budget.Exceeded;
import io.castellan.conversation.ConversationTurn;
import io.castellan.conversation.Conversations;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.mission.Missions;
import io.castellan.model.ModelResponse;
import io.castellan.model.ModelUsage;
import io.castellan.model.ToolCall;
import io.castellan.platform.Json;
import io.castellan.platform.Redactor;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import io.castellan.usage.ModelCall;
import io.castellan.usage.UsageLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Each step of an invocation, recorded in its own short transaction. Claiming and finishing lock
 * the process row, which serialises them with lifecycle changes and with each other.
 */
@ApplicationScoped
class InvocationSteps {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Processes processes;

    @Inject
    private Journal journal;

    @Inject
    private Dispatcher dispatcher;

    @Inject
    private Conversations conversations;

    @Inject
    private Executions executions;

    @Inject
    private TriggerQueue queue;

    @Inject
    private UsageLedger ledger;

    @Inject
    private BudgetGuard budget;

    @Inject
    private HealthWatch health;

    @Inject
    private Redactor redactor;

    @Inject
    private Missions missions;

    /**
     * Claims the process for the invocation and marks it running. Empty when there is nothing to
     * run now: it has ended, its process is gone or stopped (it fails), or it must wait (process
     * paused, busy, or an older trigger still waiting), in which case it is parked in the database
     * and dispatched in arrival order later.
     *
    /** Resumes after which an invocation that still has not finished is treated as a poison trigger. */
    static final int MAX_RESUMES = 4;

    /** What claiming found: a run to do, or nothing, or a poison trigger that was failed. */
    record Claim(Optional<RunStart> run, String poison) {
        static Claim nothing() {
            return new Claim(Optional.empty(), null);
        }
    }

    /**
     * Claims the process for the invocation and marks it running. Empty when there is nothing to
     * run now: it has ended, its process is gone or stopped (it fails), or it must wait (process
     * paused, busy, an older trigger still waiting, or the day's invocations used up), in which
     * case it is parked in the database and dispatched in arrival order later.
     *
     * @throws InvocationNotVisibleException when the trigger's row is not committed yet
     */
    @Transactional(TxType.REQUIRES_NEW)
    Claim begin(String invocationId, String process) {
        Optional<AgentProcess> found = processes.lockIfPresent(process);
        Invocation invocation = em.find(Invocation.class, invocationId);
        if (found.isEmpty() || (invocation != null && invocation.status().isFinal())) {
            return Claim.nothing();
        }
        if (invocation == null) {
            throw new InvocationNotVisibleException(invocationId);
        }
        AgentProcess target = found.get();
        if (!target.state().acceptsTriggers()) {
            finish(invocation, Outcome.FAILED, "process was " + target.state() + " before the invocation ran");
            return Claim.nothing();
        }
        boolean resuming = invocation.status() == InvocationStatus.RUNNING;
        if (executions.draining()) {
            // the server is stopping: a new one waits in the database, a resume waits for the next start
            if (!resuming) {
                invocation.park();
            }
            return Claim.nothing();
        }
        if (!resuming && mustWait(target, invocation)) {
            invocation.park();
            if (target.activeInvocation() == null && target.state() == ProcessState.RUNNING) {
                dispatcher.dispatchNext(target.name());
            }
            return Claim.nothing();
        }
        if (!resuming && !admitted(target, invocation)) {
            return Claim.nothing();
        }
        target.claim(invocationId);
        invocation.start(target.version(), RunnerName.VALUE, Instant.now());
        ObjectNode data = Json.object().put("version", invocation.version()).put("runner", RunnerName.VALUE);
        if (resuming) {
            Replay done = new Replay(journal.ofInvocationFromLast(invocationId, JournalType.CHECKPOINT));
            if (done.resumes() >= MAX_RESUMES) {
                String poison = "poison trigger: the invocation was resumed " + done.resumes() + " times without finishing";
                finish(invocation, Outcome.FAILED, poison);
                return new Claim(Optional.empty(), poison);
            }
            data.put("turn", done.turns()).put("step", done.steps());
            if (done.fromCheckpoint()) {
                data.put("from_checkpoint", done.firstTurn());
            }
        }
        journal.append(target.name(), resuming ? JournalType.INVOCATION_RESUMED : JournalType.INVOCATION_STARTED, invocationId, data);
        if (!resuming && processes.manifest(target.name(), invocation.version()).onBusy() == Manifest.OnBusy.COALESCE) {
            coalesce(target, invocation);
        }
        return new Claim(Optional.of(new RunStart(invocationId, target.name(), invocation.version(), invocation.triggerKind(),
                invocation.triggerRef(), (ObjectNode) invocation.triggerPayload(), invocation.queuedAt(), invocation.coalesced(), resuming)), null);
    }

    /**
     * Counts a new invocation against the day's budget. When the day's invocations are used up,
     * on_exceeded acts: a paused process keeps the invocation waiting for its resume (or the next
     * budget day); a stopped one fails it.
     */
    private boolean admitted(AgentProcess process, Invocation invocation) {
        Manifest manifest = processes.manifest(process.name(), process.version());
        Optional<Exceeded> refused = budget.admitInvocation(process.name(), manifest, invocation.id());
        if (refused.isEmpty()) {
            return true;
        }
        budget.exceeded(process.name(), manifest, invocation.id(), refused.get());
        if (process.state() == ProcessState.PAUSED) {
            invocation.park();
        } else {
            finish(invocation, Outcome.FAILED, refused.get().reason());
        }
        return false;
    }

    /** Merges every other waiting trigger of the process into the invocation that starts now. */
    private void coalesce(AgentProcess process, Invocation invocation) {
        List<Invocation> waiting = em.createQuery("select i from Invocation i where i.processName = :p and i.status = :s and i.id <> :id"
                        + " order by i.queuedAt, i.id", Invocation.class)
                .setParameter("p", process.name())
                .setParameter("s", InvocationStatus.QUEUED)
                .setParameter("id", invocation.id())
                .getResultList();
        if (waiting.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        ArrayNode merged = Json.MAPPER.createArrayNode();
        ArrayNode ids = Json.MAPPER.createArrayNode();
        for (Invocation other : waiting) {
            ObjectNode trigger = merged.addObject().put("id", other.id()).put("kind", other.triggerKind().name().toLowerCase())
                    .put("at", other.queuedAt().toString());
            if (other.triggerRef() != null) {
                trigger.put("ref", other.triggerRef());
            }
            trigger.set("payload", other.triggerPayload());
            ids.add(other.id());
            other.coalesceInto(invocation.id(), now);
            journal.append(process.name(), JournalType.INVOCATION_COALESCED, other.id(), Json.object().put("into", invocation.id()));
        }
        invocation.absorb(merged);
        ObjectNode data = Json.object();
        data.set("invocations", ids);
        journal.append(process.name(), JournalType.TRIGGERS_COALESCED, invocation.id(), data);
    }

    @Transactional(TxType.REQUIRES_NEW)
    void stepRetried(RunStart run, String stepKey, int attempt, ObjectNode details) {
        stepRetried(run, stepKey, attempt, details, Set.of());
    }

    /** @param secrets the secrets the retried tool call is given again */
    @Transactional(TxType.REQUIRES_NEW)
    void stepRetried(RunStart run, String stepKey, int attempt, ObjectNode details, Set<String> secrets) {
        goOn(run.invocationId());
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

    private boolean mustWait(AgentProcess process, Invocation invocation) {
        boolean busy = process.activeInvocation() != null && !process.activeInvocation().equals(invocation.id());
        return process.state() == ProcessState.PAUSED || busy || dispatcher.olderOneWaits(invocation);
    }

    @Transactional(TxType.REQUIRES_NEW)
    Replay replay(String invocationId) {
        return new Replay(journal.ofInvocationFromLast(invocationId, JournalType.CHECKPOINT));
    }

    /**
     * Records that a model call is about to be made, unless the budget refuses its worst case
     * (then the invocation fails, and a StopSignal ends the loop once that is committed).
     *
     * @param worstCaseCost null when the model has no known price
     */
    @Transactional(value = TxType.REQUIRES_NEW, dontRollbackOn = StopSignal.class)
    void modelRequest(RunStart run, Manifest manifest, int turn, ObjectNode details, long worstCaseTokens, BigDecimal worstCaseCost) {
        goOn(run.invocationId());
        budget.beforeModelCall(run.process(), run.invocationId(), manifest, turn, worstCaseTokens, worstCaseCost)
                .ifPresent(refused -> refuse(run, manifest, refused));
        journal.append(run.process(), JournalType.MODEL_REQUEST, run.invocationId(), StepKeys.modelRequest(turn),
                Json.object().put("turn", turn).setAll(details));
    }

    /** The answer and what it cost are recorded together: a replayed answer is never billed twice. */
    @Transactional(TxType.REQUIRES_NEW)
    void modelResponse(RunStart run, Manifest manifest, int turn, ModelResponse response) {
        ObjectNode data = Json.object().put("turn", turn);
        data.set("response", response.toJson());
        JournalEntry entry = journal.append(run.process(), JournalType.MODEL_RESPONSE, run.invocationId(), StepKeys.modelResponse(turn), data);
        bill(run, manifest, response.usage(), entry.at());
    }

    private void bill(RunStart run, Manifest manifest, ModelUsage usage, Instant at) {
        if (usage != null) {
            ledger.record(new ModelCall(run.process(), run.invocationId(), at, usage.model(), usage.inputTokens(), usage.outputTokens(),
                    usage.cachedTokens(), usage.cacheWriteTokens(), usage.costUsd(), usage.attempts()));
            budget.modelCallBilled(run.process(), manifest);
        }
    }

    /** A step the budget refused: journaled, acted on, and the invocation fails with a reason starting {@code budget:}. */
    private void refuse(RunStart run, Manifest manifest, Exceeded refused) {
        // the process first, then the journal: the lock order of lifecycle changes
        processes.lock(run.process());
        budget.exceeded(run.process(), manifest, run.invocationId(), refused);
        Invocation invocation = lockedRunning(run);
        if (invocation != null) {
            finish(invocation, Outcome.FAILED, refused.reason());
        }
        throw new StopSignal(Stop.ENDED);
    }

    @Transactional(TxType.REQUIRES_NEW)
    void toolsUnavailable(RunStart run, List<String> reasons) {
        ObjectNode data = Json.object();
        reasons.forEach(data.putArray("reasons")::add);
        journal.append(run.process(), JournalType.TOOLS_UNAVAILABLE, run.invocationId(), StepKeys.toolsUnavailable(), data);
    }

    /** Replaces older conversation turns by a summary (or drops them), once per invocation. */
    @Transactional(TxType.REQUIRES_NEW)
    void compacted(RunStart run, Manifest manifest, List<Long> olderTurns, String summary, ObjectNode data, ModelUsage usage) {
        JournalEntry entry = journal.append(run.process(), JournalType.CONVERSATION_COMPACTED, run.invocationId(),
                StepKeys.compaction(), data);
        conversations.compact(run.process(), olderTurns, summary, run.invocationId(), entry.at());
        bill(run, manifest, usage, entry.at());
    }

    @Transactional(value = TxType.REQUIRES_NEW, dontRollbackOn = StopSignal.class)
    void toolStarted(RunStart run, Manifest manifest, int turn, int step, ToolCall call, Set<String> secrets) {
        goOn(run.invocationId());
        budget.beforeToolCall(run.process(), run.invocationId(), manifest, step, call.tool()).ifPresent(refused -> refuse(run, manifest, refused));
        journal.append(run.process(), JournalType.TOOL_STARTED, run.invocationId(), StepKeys.toolStarted(step), stepData(turn, step, call));
        secretsAccessed(run, step, call.tool(), secrets);
    }

    @Transactional(value = TxType.REQUIRES_NEW, dontRollbackOn = StopSignal.class)
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

    @Transactional(value = TxType.REQUIRES_NEW, dontRollbackOn = StopSignal.class)
    JsonNode toolError(RunStart run, Manifest manifest, int turn, int step, ToolCall call, String error, Duration took) {
        lockForHealthCheck(run, manifest);
        ObjectNode data = stepData(turn, step, call).put("duration_ms", took.toMillis()).put("error", redactor.redact(run.process(), error));
        journal.append(run.process(), JournalType.TOOL_ERROR, run.invocationId(), StepKeys.toolOutcome(step), data);
        checkHealth(run, manifest);
        return Replay.outcome("error", data.get("error"));
    }

    /** The health check locks the process; taking it before the journal keeps the lock order of lifecycle changes. */
    private void lockForHealthCheck(RunStart run, Manifest manifest) {
        if (manifest.health().enabled()) {
            processes.lock(run.process());
        }
    }

    /** After a tool step: a detector that fires ends the invocation here, once the alert is committed. */
    private void checkHealth(RunStart run, Manifest manifest) {
        Optional<String> unhealthy = health.check(run.process(), manifest, run.invocationId());
        if (unhealthy.isPresent()) {
            Invocation invocation = lockedRunning(run);
            if (invocation != null) {
                finish(invocation, Outcome.FAILED, unhealthy.get());
            }
            throw new StopSignal(Stop.ENDED);
        }
    }

    /** A tool that only touches the database runs inside the transaction that records it: exactly once. */
    @Transactional(value = TxType.REQUIRES_NEW, dontRollbackOn = StopSignal.class)
    JsonNode runRecorded(RunStart run, Manifest manifest, int turn, int step, ToolCall call, Tool tool, ToolContext context) {
        goOn(run.invocationId());
        budget.beforeToolCall(run.process(), run.invocationId(), manifest, step, call.tool()).ifPresent(refused -> refuse(run, manifest, refused));
        journal.append(run.process(), JournalType.TOOL_STARTED, run.invocationId(), StepKeys.toolStarted(step), stepData(turn, step, call));
        Instant started = Instant.now();
        try {
            JsonNode result = tool.execute(context, call.args());
            return toolResult(run, manifest, turn, step, call, result, Duration.between(started, Instant.now()));
        } catch (ToolException e) {
            return toolError(run, manifest, turn, step, call, e.getMessage(), Duration.between(started, Instant.now()));
        }
    }

    /**
     * The model's reply and the invocation's completion, in one transaction. (Recorded apart, a
     * crash between them resumed at the completion; together, it makes the call again.)
     */
    @Transactional(TxType.REQUIRES_NEW)
    void replied(RunStart run, Manifest manifest, int turn, ModelResponse response, String remembered) {
        Invocation invocation = lockedRunning(run);
        if (invocation == null) {
            return;
        }
        ObjectNode data = Json.object().put("turn", turn);
        data.set("response", response.toJson());
        JournalEntry entry = journal.append(run.process(), JournalType.MODEL_RESPONSE, run.invocationId(), StepKeys.modelResponse(turn), data);
        bill(run, manifest, response.usage(), entry.at());
        completeLocked(run, manifest, invocation, response.reply(), remembered);
    }

    /** @param remembered what the conversation keeps of the trigger, or null when it keeps nothing */
    @Transactional(TxType.REQUIRES_NEW)
    void complete(RunStart run, Manifest manifest, String reply, String remembered) {
        Invocation invocation = lockedRunning(run);
        if (invocation != null) {
            completeLocked(run, manifest, invocation, reply, remembered);
        }
    }

    private void completeLocked(RunStart run, Manifest manifest, Invocation invocation, String reply, String remembered) {
        if (remembered != null) {
            Instant now = Instant.now();
            conversations.append(run.process(), run.invocationId(), ConversationTurn.Role.USER, remembered, now);
            conversations.append(run.process(), run.invocationId(), ConversationTurn.Role.ASSISTANT, redactor.redact(run.process(), reply), now);
        }
        finish(invocation, Outcome.COMPLETED, reply);
        // a run of empty replies is found here; the invocation has completed, so only the process is acted on
        health.check(run.process(), manifest, run.invocationId());
    }

    @Transactional(TxType.REQUIRES_NEW)
    void fail(RunStart run, String reason) {
        Invocation invocation = lockedRunning(run);
        if (invocation != null) {
            finish(invocation, Outcome.FAILED, reason);
        }
    }

    /**
     * After a model call failed: if a cancel was asked for (its interrupt may be why the call
     * failed), the invocation ends CANCELLED. True when it has ended, now or elsewhere.
     */
    @Transactional(TxType.REQUIRES_NEW)
    boolean cancelIfAsked(RunStart run, int step) {
        Invocation invocation = lockedRunning(run);
        if (invocation == null) {
            return true;
        }
        if (!invocation.cancelRequested()) {
            return false;
        }
        finish(invocation, Outcome.CANCELLED, invocation.error() + " (before step " + step + ")");
        return true;
    }

    /** Ends an invocation whose cancel was requested, at a step boundary. */
    @Transactional(TxType.REQUIRES_NEW)
    void cancelled(RunStart run, int step) {
        Invocation invocation = lockedRunning(run);
        if (invocation != null) {
            finish(invocation, Outcome.CANCELLED, (invocation.error() == null ? "cancelled" : invocation.error()) + " (before step " + step + ")");
        }
    }

    /**
     * Snapshots the loop at a turn boundary: where it is, the step results the templates read, and
     * a provider model's conversation so far. A resume starts here instead of re-reading the journal.
     */
    @Transactional(TxType.REQUIRES_NEW)
    void checkpoint(RunStart run, int nextTurn, int nextStep, ObjectNode stepResults, String messages) {
        ObjectNode data = Json.object().put("turn", nextTurn).put("step", nextStep);
        data.set("steps", stepResults);
        if (messages != null) {
            data.put("messages", messages);
        }
        journal.append(run.process(), JournalType.CHECKPOINT, run.invocationId(), StepKeys.checkpoint(nextTurn), data);
    }

    /** A mission evaluation's answer, with what its model call cost. */
    @Transactional(TxType.REQUIRES_NEW)
    void missionEvaluated(RunStart run, Manifest manifest, int number, JsonNode answer, String problem, ModelUsage usage) {
        bill(run, manifest, usage, Instant.now());
        missions.evaluated(run.process(), manifest, number, redactor.redact(run.process(), answer), problem);
    }

    /** The server stops: the invocation stays RUNNING here and resumes from its journal at the next start. */
    @Transactional(TxType.REQUIRES_NEW)
    void suspended(RunStart run, int step) {
        journal.append(run.process(), JournalType.INVOCATION_SUSPENDED, run.invocationId(),
                Json.object().put("step", step).put("reason", "the server is stopping"));
    }

    /** A new wake-up for a suspended invocation; duplicates of it do nothing. */
    @Transactional(TxType.REQUIRES_NEW)
    void wakeUp(RunStart run) {
        queue.send(run.process(), run.invocationId());
    }

    enum Stop { CANCEL, ENDED }

    /** Thrown, before anything is written, by a step that finds its invocation must not go on. */
    static final class StopSignal extends RuntimeException {
        private final Stop stop;

        StopSignal(Stop stop) {
            super(null, null, false, false);
            this.stop = stop;
        }

        Stop stop() {
            return stop;
        }
    }

    /** Checked inside each step's own transaction: a cancel or an end elsewhere costs no extra round trip. */
    private void goOn(String invocationId) {
        Invocation invocation = em.find(Invocation.class, invocationId);
        if (invocation == null || invocation.status().isFinal()) {
            throw new StopSignal(Stop.ENDED);
        }
        if (invocation.cancelRequested()) {
            throw new StopSignal(Stop.CANCEL);
        }
    }

    enum Outcome { COMPLETED, FAILED, CANCELLED }

    /** The invocation, once its process is locked, if it is still running (it may have been ended elsewhere). */
    private Invocation lockedRunning(RunStart run) {
        processes.lock(run.process());
        Invocation invocation = em.find(Invocation.class, run.invocationId());
        em.refresh(invocation);
        return invocation.status() == InvocationStatus.RUNNING ? invocation : null;
    }

    /**
     * Ends the invocation, frees the process and counts consecutive failures (a cancel counts
     * neither way). The caller holds the process lock or takes it here.
     */
    void finish(Invocation invocation, Outcome outcome, String unredacted) {
        Instant now = Instant.now();
        String text = redactor.redact(invocation.processName(), unredacted);
        AgentProcess process = processes.lock(invocation.processName());
        boolean wasRunning = invocation.status() == InvocationStatus.RUNNING;
        ObjectNode data = Json.object();
        JournalType type;
        switch (outcome) {
            case COMPLETED -> {
                invocation.complete(text, now);
                data.put("reply", text);
                type = JournalType.INVOCATION_COMPLETED;
            }
            case CANCELLED -> {
                invocation.cancel(text, now);
                data.put("reason", text);
                type = JournalType.INVOCATION_CANCELLED;
            }
            default -> {
                invocation.fail(text, now);
                data.put("reason", text);
                type = JournalType.INVOCATION_FAILED;
            }
        }
        if (invocation.startedAt() != null) {
            data.put("duration_ms", Duration.between(invocation.startedAt(), now).toMillis());
        }
        journal.append(process.name(), type, invocation.id(), data);
        if (!wasRunning || !invocation.id().equals(process.activeInvocation())) {
            return;
        }
        if (outcome == Outcome.CANCELLED) {
            process.releaseUncounted();
        }
        int failures = outcome == Outcome.CANCELLED ? 0 : process.release(outcome == Outcome.COMPLETED);
        Manifest manifest = processes.manifest(process.name(), process.version());
        if (outcome != Outcome.CANCELLED) {
            // may end the mission (max_invocations), and the process with it
            missions.invocationEnded(process.name(), manifest);
        }
        if (process.state() == ProcessState.RUNNING) {
            dispatcher.dispatchNext(process.name());
        }
        if (failures >= manifest.maxConsecutiveFailures() && process.state().canBecome(ProcessState.FAILED)) {
            processes.changeState(process, ProcessState.FAILED, "castellan: " + failures + " consecutive failed invocations");
        }
    }

    private static ObjectNode stepData(int turn, int step, ToolCall call) {
        ObjectNode data = Json.object().put("turn", turn).put("step", step).put("tool", call.tool());
        data.set("args", call.args());
        return data;
    }
}

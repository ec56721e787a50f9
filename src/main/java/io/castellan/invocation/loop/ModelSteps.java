package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.budget.BudgetGuard;
import io.castellan.conversation.Conversations;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.execution.Endings;
import io.castellan.invocation.execution.RunGuard;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.StopSignal;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.mission.Missions;
import io.castellan.model.ModelResponse;
import io.castellan.model.ModelUsage;
import io.castellan.platform.Json;
import io.castellan.platform.Redactor;
import io.castellan.usage.ModelCall;
import io.castellan.usage.UsageLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The steps of a model turn, each in its own transaction: the request (checked against the
 * budget), the answer with what it cost, a reply together with the invocation's end, a
 * compaction of the conversation, a checkpoint, a mission evaluation's answer.
 */
@ApplicationScoped
class ModelSteps {

    @Inject
    private Journal journal;

    @Inject
    private Conversations conversations;

    @Inject
    private UsageLedger ledger;

    @Inject
    private BudgetGuard budget;

    @Inject
    private Redactor redactor;

    @Inject
    private Missions missions;

    @Inject
    private RunGuard guard;

    @Inject
    private Endings endings;

    /**
     * Records that a model call is about to be made, unless the budget refuses its worst case
     * (then the invocation fails, and a StopSignal ends the loop once that is committed).
     *
     * @param worstCaseCost null when the model has no known price
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void modelRequest(RunStart run, Manifest manifest, int turn, ObjectNode details, long worstCaseTokens, BigDecimal worstCaseCost) {
        guard.goOn(run.invocationId());
        budget.beforeModelCall(run.process(), run.invocationId(), manifest, turn, worstCaseTokens, worstCaseCost)
                .ifPresent(refused -> endings.refuse(run, manifest, refused));
        journal.append(run.process(), JournalType.MODEL_REQUEST, run.invocationId(), StepKeys.modelRequest(turn),
                Json.object().put("turn", turn).setAll(details));
    }

    /** The answer and what it cost are recorded together: a replayed answer is never billed twice. */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
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

    /** Replaces older conversation turns by a summary (or drops them), once per invocation. */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void compacted(RunStart run, Manifest manifest, List<Long> olderTurns, String summary, ObjectNode data, ModelUsage usage) {
        JournalEntry entry = journal.append(run.process(), JournalType.CONVERSATION_COMPACTED, run.invocationId(),
                StepKeys.compaction(), data);
        conversations.compact(run.process(), olderTurns, summary, run.invocationId(), entry.at());
        bill(run, manifest, usage, entry.at());
    }

    /**
     * The model's reply and the invocation's completion, in one transaction. (Recorded apart, a
     * crash between them resumed at the completion; together, it makes the call again.)
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void replied(RunStart run, Manifest manifest, int turn, ModelResponse response, String remembered) {
        replied(run, manifest, turn, response, response.reply(), remembered, () -> { });
    }

    /**
     * The same, for a reply that is not the invocation's ({@code plan_act_reflect}'s reflection):
     * {@code alsoRecord} runs under the invocation's lock, after the answer is journaled.
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void replied(RunStart run, Manifest manifest, int turn, ModelResponse response, String reply, String remembered, Runnable alsoRecord) {
        Invocation invocation = guard.lockedRunning(run);
        if (invocation == null) {
            return;
        }
        ObjectNode data = Json.object().put("turn", turn);
        data.set("response", response.toJson());
        JournalEntry entry = journal.append(run.process(), JournalType.MODEL_RESPONSE, run.invocationId(), StepKeys.modelResponse(turn), data);
        bill(run, manifest, response.usage(), entry.at());
        alsoRecord.run();
        endings.completeLocked(run, manifest, invocation, reply, remembered);
    }

    /**
     * Snapshots the loop at a turn boundary: where it is, the step results the templates read, and
     * a provider model's conversation so far. A resume starts here instead of re-reading the journal.
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void checkpoint(RunStart run, int nextTurn, int nextStep, ObjectNode stepResults, String messages) {
        ObjectNode data = Json.object().put("turn", nextTurn).put("step", nextStep);
        data.set("steps", stepResults);
        if (messages != null) {
            data.put("messages", messages);
        }
        journal.append(run.process(), JournalType.CHECKPOINT, run.invocationId(), StepKeys.checkpoint(nextTurn), data);
    }

    /** A mission evaluation's answer, with what its model call cost. */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void missionEvaluated(RunStart run, Manifest manifest, int number, JsonNode answer, String problem, ModelUsage usage) {
        bill(run, manifest, usage, Instant.now());
        missions.evaluated(run.process(), manifest, number, redactor.redact(run.process(), answer), problem);
    }

    /**
     * Only a scripted turn's templates read the state from the context (a provider model is given
     * the state in its prompt), and only when they name it: the read is skipped otherwise.
     */
    static boolean scriptReadsState(Manifest manifest, int turn) {
        return manifest.isScripted() && turn < manifest.script().size() && manifest.script().get(turn).readsState();
    }

    /** What a model request's journal entry says of it: the model and the tools offered. */
    static ObjectNode requestDetails(Manifest manifest, List<ToolSpecification> offered) {
        ObjectNode details = Json.object().put("model", manifest.model());
        offered.forEach(t -> details.withArray("tools").add(t.name()));
        return details;
    }
}

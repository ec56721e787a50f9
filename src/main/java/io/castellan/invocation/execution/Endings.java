package io.castellan.invocation.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.behaviour.HealthWatch;
import io.castellan.budget.BudgetGuard;
import io.castellan.budget.Exceeded;
import io.castellan.cluster.ThisServer;
import io.castellan.conversation.ConversationTurn;
import io.castellan.conversation.Conversations;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.TriggerReceipts;
import io.castellan.invocation.intake.TriggerQueue;
import io.castellan.invocation.wait.Answers;
import io.castellan.invocation.wait.Approvals;
import io.castellan.invocation.wait.Waits;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.mission.Missions;
import io.castellan.platform.Json;
import io.castellan.platform.Redactor;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import io.castellan.telemetry.InvocationSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;

/**
 * How invocations end, and the suspensions between: completed, failed, cancelled (at a step
 * boundary or at once), suspended by a stopping server, woken again. {@link #finish} frees the
 * process, counts consecutive failures and dispatches the next waiting trigger.
 */
@ApplicationScoped
public class Endings {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Processes processes;

    @Inject
    private Journal journal;

    @Inject
    private TriggerReceipts receipts;

    @Inject
    private Dispatcher dispatcher;

    @Inject
    private Conversations conversations;

    @Inject
    private TriggerQueue queue;

    @Inject
    private BudgetGuard budget;

    @Inject
    private HealthWatch health;

    @Inject
    private Redactor redactor;

    @Inject
    private Missions missions;

    @Inject
    private Waits waits;

    @Inject
    private Answers answers;

    @Inject
    private Approvals approvals;

    @Inject
    private RunGuard guard;

    @Inject
    private EndTelemetry telemetry;

    /** A step the budget refused: journaled, acted on, and the invocation fails with a reason starting {@code budget:}. */
    public void refuse(RunStart run, Manifest manifest, Exceeded refused) {
        // the process first, then the journal: the lock order of lifecycle changes
        guard.lockProcess(run.process());
        budget.exceeded(run.process(), manifest, run.invocationId(), refused);
        Invocation invocation = guard.lockedRunning(run);
        if (invocation != null) {
            finish(invocation, Outcome.FAILED, refused.reason());
        }
        throw new StopSignal(StopSignal.Stop.ENDED);
    }

    /** @param remembered what the conversation keeps of the trigger, or null when it keeps nothing */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public void complete(RunStart run, Manifest manifest, String reply, String remembered) {
        Invocation invocation = guard.lockedRunning(run);
        if (invocation != null) {
            completeLocked(run, manifest, invocation, reply, remembered);
        }
    }

    public void completeLocked(RunStart run, Manifest manifest, Invocation invocation, String reply, String remembered) {
        if (remembered != null) {
            Instant now = Instant.now();
            conversations.append(run.process(), run.invocationId(), ConversationTurn.Role.USER, remembered, now);
            conversations.append(run.process(), run.invocationId(), ConversationTurn.Role.ASSISTANT, redactor.redact(run.process(), reply), now);
        }
        finish(invocation, Outcome.COMPLETED, reply);
        // a run of empty replies is found here; the invocation has completed, so only the process is acted on
        health.check(run.process(), manifest, run.invocationId());
    }

    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public void fail(RunStart run, String reason) {
        Invocation invocation = guard.lockedRunning(run);
        if (invocation != null) {
            finish(invocation, Outcome.FAILED, reason);
        }
    }

    /**
     * After a model call failed: if a cancel was asked for (its interrupt may be why the call
     * failed), the invocation ends CANCELLED. True when it has ended, now or elsewhere.
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public boolean cancelIfAsked(RunStart run, int step) {
        Invocation invocation = guard.lockedRunning(run);
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
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public void cancelled(RunStart run, int step) {
        Invocation invocation = guard.lockedRunning(run);
        if (invocation != null) {
            finish(invocation, Outcome.CANCELLED, (invocation.error() == null ? "cancelled" : invocation.error()) + " (before step " + step + ")");
        }
    }

    /** The server stops: the invocation stays RUNNING here and resumes from its journal at the next start. */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    public void suspended(RunStart run, int step) {
        InvocationSpan.ended("suspended");
        journal.append(run.process(), JournalType.INVOCATION_SUSPENDED, run.invocationId(),
                Json.object().put("step", step).put("reason", "the server is stopping"));
    }

    /**
     * A new wake-up for a suspended invocation, delivered after the delay; duplicates of it do
     * nothing. Whichever server's consumer receives it resumes the invocation, so it is left
     * without a runner (one that another server has taken over meanwhile is not touched).
     */
    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void wakeUp(RunStart run, Duration after) {
        em.createQuery("update Invocation i set i.runner = null where i.id = :id and i.status = :s and i.runner = :me")
                .setParameter("id", run.invocationId()).setParameter("s", InvocationStatus.RUNNING).setParameter("me", ThisServer.NAME)
                .executeUpdate();
        queue.send(run.process(), run.invocationId(), after);
    }

    public enum Outcome { COMPLETED, FAILED, CANCELLED }

    /**
     * Ends the invocation, frees the process and counts consecutive failures (a cancel counts
     * neither way). The caller holds the process lock or takes it here.
     */
    public void finish(Invocation invocation, Outcome outcome, String unredacted) {
        Instant now = Instant.now();
        String text = redactor.redact(invocation.processName(), unredacted);
        AgentProcess process = guard.lockProcess(invocation.processName());
        // one that never started may not have journaled its trigger yet
        receipts.journalIfPending(invocation);
        boolean wasRunning = invocation.status().holdsProcess();
        if (invocation.status() == InvocationStatus.WAITING) {
            // its request's row first, then the wait's: the order a decision takes them in
            approvals.withdraw(invocation.id());
            waits.discard(invocation.id());
        }
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
        telemetry.ended(invocation, outcome, now);
        journal.append(process.name(), type, invocation.id(), data);
        // an asked invocation's end is its asker's answer
        answers.ended(invocation);
        if (!wasRunning || !invocation.id().equals(process.activeInvocation())) {
            if (!wasRunning && process.activeInvocation() == null && process.state() == ProcessState.RUNNING) {
                // it may have been the oldest one waiting, which the others wait for: hand the turn on
                dispatcher.dispatchNext(process.name());
            }
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
            dispatcher.handOn(process, invocation.id());
        }
        if (failures >= manifest.maxConsecutiveFailures() && process.state().canBecome(ProcessState.FAILED)) {
            processes.changeState(process, ProcessState.FAILED, "castellan: " + failures + " consecutive failed invocations");
        }
    }
}

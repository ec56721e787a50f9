package io.castellan.invocation.execution;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.budget.BudgetGuard;
import io.castellan.budget.Exceeded;
import io.castellan.cluster.Leases;
import io.castellan.cluster.ThisServer;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationNotVisibleException;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.TriggerReceipts;
import io.castellan.invocation.loop.Replay;
import io.castellan.invocation.wait.Waits;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.platform.InTransaction;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The claim: the transaction in which a wake-up takes its process's run slot and the invocation
 * starts or resumes, or finds it must wait (parked in the database, dispatched in arrival order),
 * that it has ended, or that it is poison.
 */
@ApplicationScoped
public class ClaimStep {

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Journal journal;

    @Inject
    private TriggerReceipts receipts;

    @Inject
    private Dispatcher dispatcher;

    @Inject
    private Executions executions;

    @Inject
    private BudgetGuard budget;

    @Inject
    private Waits waits;

    @Inject
    private Endings endings;

    @Inject
    private Leases leases;

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
        Optional<AgentProcess> found = processLocks.lockIfPresent(process);
        Invocation invocation = em.find(Invocation.class, invocationId);
        if (found.isEmpty() || (invocation != null && invocation.status().isFinal())) {
            return Claim.nothing();
        }
        if (invocation == null) {
            throw new InvocationNotVisibleException(invocationId);
        }
        return claim(found.get(), invocation);
    }

    /**
     * The claim's decisions, in the caller's transaction, which holds the process's lock: an
     * accept that starts its invocation at once ({@link EagerStart}) makes them here too.
     */
    Claim claim(AgentProcess target, Invocation invocation) {
        InTransaction.required(transactions);
        return claim(target, invocation, false);
    }

    /**
     * {@link #claim} for an invocation the caller knows to be the oldest queued of its process (it
     * has just looked), which spares the query for an older one. The invocation may be one the
     * caller has not persisted yet ({@link EagerStart}): nothing here may refresh, lock or query it.
     */
    Claim claimOldest(AgentProcess target, Invocation invocation) {
        InTransaction.required(transactions);
        return claim(target, invocation, true);
    }

    private Claim claim(AgentProcess target, Invocation invocation, boolean oldest) {
        String invocationId = invocation.id();
        boolean waited = invocation.status() == InvocationStatus.WAITING;
        if (waited && waits.pending(invocationId)) {
            // an early or repeated wake-up: its event has not come
            return Claim.nothing();
        }
        if (!target.state().acceptsTriggers()) {
            endings.finish(invocation, Endings.Outcome.FAILED, "process was " + target.state() + (waited ? " when the invocation's wait ended" : " before the invocation ran"));
            return Claim.nothing();
        }
        boolean resuming = invocation.status().holdsProcess();
        if (runsElsewhere(invocation)) {
            // a stray wake-up: the invocation runs on a server whose lease is alive
            return Claim.nothing();
        }
        if (executions.draining()) {
            // the server is stopping: a new one waits in the database, a resume waits for the next start
            if (!resuming) {
                invocation.park();
            }
            return Claim.nothing();
        }
        if (!resuming && mustWait(target, invocation, oldest)) {
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
        invocation.start(target.version(), ThisServer.NAME, Instant.now());
        ObjectNode data = Json.object().put("version", invocation.version()).put("runner", ThisServer.NAME);
        if (waited) {
            data.put("after", "wait");
        }
        if (resuming) {
            Replay done = new Replay(journal.ofInvocationFromLast(invocationId, JournalType.CHECKPOINT));
            if (done.resumes() >= MAX_RESUMES) {
                String poison = "poison trigger: the invocation was resumed " + done.resumes() + " times without finishing";
                endings.finish(invocation, Endings.Outcome.FAILED, poison);
                return new Claim(Optional.empty(), poison);
            }
            data.put("turn", done.turns()).put("step", done.steps());
            if (done.fromCheckpoint()) {
                data.put("from_checkpoint", done.firstTurn());
            }
        }
        if (!resuming) {
            receipts.journalIfPending(invocation);
        }
        journal.append(target.name(), resuming ? JournalType.INVOCATION_RESUMED : JournalType.INVOCATION_STARTED, invocationId, data);
        if (!resuming && processes.manifest(target.name(), invocation.version()).onBusy() == Manifest.OnBusy.COALESCE) {
            coalesce(target, invocation);
        }
        return new Claim(Optional.of(new RunStart(invocationId, target.name(), invocation.version(), invocation.triggerKind(),
                invocation.triggerRef(), (ObjectNode) invocation.triggerPayload(), invocation.queuedAt(), invocation.coalesced(), resuming,
                invocation.traceParent())), null);
    }

    /**
     * True for a running invocation whose runner is another server that holds its lease. One whose
     * runner is unset (its wake-up was sent to any server) or dead (taken over) may resume here;
     * one whose runner is this server is either executing here, which {@link Executions#enterOrNote}
     * has already ruled out, or was left by this server's last run.
     */
    private boolean runsElsewhere(Invocation invocation) {
        String runner = invocation.runner();
        return invocation.status() == InvocationStatus.RUNNING && runner != null && !runner.equals(ThisServer.NAME) && leases.alive(runner);
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
        receipts.journalIfPending(invocation);
        budget.exceeded(process.name(), manifest, invocation.id(), refused.get());
        if (process.state() == ProcessState.PAUSED) {
            invocation.park();
        } else {
            endings.finish(invocation, Endings.Outcome.FAILED, refused.get().reason());
        }
        return false;
    }

    /** Merges every other waiting trigger of the process into the invocation that starts now. */
    private void coalesce(AgentProcess process, Invocation invocation) {
        List<Invocation> waiting = em.createQuery("select i from Invocation i where i.processName = :p and " + InvocationStatus.IS_QUEUED
                        + " and i.id <> :id order by i.queuedAt, i.id", Invocation.class)
                .setParameter("p", process.name())
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
            receipts.journalIfPending(other);
            other.coalesceInto(invocation.id(), now);
            journal.append(process.name(), JournalType.INVOCATION_COALESCED, other.id(), Json.object().put("into", invocation.id()));
        }
        invocation.absorb(merged);
        ObjectNode data = Json.object();
        data.set("invocations", ids);
        journal.append(process.name(), JournalType.TRIGGERS_COALESCED, invocation.id(), data);
    }

    private boolean mustWait(AgentProcess process, Invocation invocation, boolean oldest) {
        boolean busy = process.activeInvocation() != null && !process.activeInvocation().equals(invocation.id());
        return process.state() == ProcessState.PAUSED || busy || (!oldest && dispatcher.olderOneWaits(invocation));
    }

    @Transactional(TxType.REQUIRES_NEW)
    public Replay replay(String invocationId) {
        return new Replay(journal.ofInvocationFromLast(invocationId, JournalType.CHECKPOINT));
    }
}

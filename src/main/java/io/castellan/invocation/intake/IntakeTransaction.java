package io.castellan.invocation.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.Cancellation;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.TriggerReceipts;
import io.castellan.invocation.execution.EagerStart;
import io.castellan.invocation.execution.WakeUps;
import io.castellan.journal.Journal;
import io.castellan.manifest.Manifest;
import io.castellan.platform.ProblemException;
import io.castellan.platform.TimeOrderedIds;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The transaction that accepts a trigger: the invocation row and its journal entry (a cron batch's
 * entry later: {@link TriggerReceipts}), under its process's lock. Then one of three: an idle
 * process's invocation is claimed in this transaction and starts once it commits ({@link
 * EagerStart}); one behind a busy process is parked for the ending before it to dispatch; otherwise
 * its wake-up message goes once this has committed ({@link WakeUps}).
 */
@ApplicationScoped
class IntakeTransaction {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Journal journal;

    @Inject
    private WakeUps wakeUps;

    @Inject
    private TriggerReceipts receipts;

    @Inject
    private Cancellation cancellation;

    @Inject
    private EagerStart eagerStart;

    @Transactional
    TriggerIntake.Accepted accept(String process, TriggerKind kind, String ref, JsonNode payload, String dedupKey, String traceParent) {
        return acceptOne(new GroupCommit.Request(process, kind, ref, payload, dedupKey, traceParent));
    }

    /**
     * {@link #accept}, with its checks' refusal (no such process, stopped, busy with {@code on_busy:
     * reject}) returned, having written nothing, for the caller to throw once the transaction is
     * over: Liberty records an exception thrown out of a {@code @Transactional} method as an FFDC
     * incident, one per distinct message (and a refusal's names the process), also when the method
     * joined its caller's transaction.
     */
    @Transactional
    GroupCommit.Outcome tryAccept(GroupCommit.Request request) {
        Checked checked;
        try {
            checked = check(request);
        } catch (ProblemException refused) {
            return GroupCommit.Outcome.of(refused);
        }
        return GroupCommit.Outcome.of(write(request, checked));
    }

    /**
     * Several accepts in one transaction, one commit for all (see {@link GroupCommit}): a trigger
     * its checks refuse (no such process, stopped, busy with {@code on_busy: reject}) is refused
     * alone, having written nothing, and the others go on; anything else fails the whole group.
     * Shaped as a cron batch: the checks read in a few queries for all ({@link BatchChecks}), the
     * rows flushed once at the end, so the one committer waits on the database a few times a
     * group rather than several times a trigger (docs/performance.md, session 54); unlike a cron
     * batch, an idle process's trigger is claimed here and starts at the commit ({@link EagerStart}).
     */
    @Transactional
    List<GroupCommit.Outcome> acceptAll(List<GroupCommit.Request> requests) {
        return acceptChecked(requests, TriggerIntake.Repeats.LOOKED_UP, true);
    }

    /**
     * Many accepts in the caller's transaction (a cron minute's batch), their checks read in a few
     * queries for all ({@link BatchChecks}) and their rows flushed together at the end. They are
     * not started here: each gets its wake-up after the commit, so the batch holds its processes'
     * locks only as long as its own writes take. Their receipts are journaled when they start
     * ({@link TriggerReceipts}): the batch writes its invocation rows and nothing of its processes'.
     * A refused trigger writes nothing; anything else fails the batch.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<GroupCommit.Outcome> acceptBatch(List<GroupCommit.Request> requests, TriggerIntake.Repeats repeats) {
        return acceptChecked(requests, repeats, false);
    }

    /**
     * The accepts of a group or a batch: checks read for all, each trigger checked and written, the
     * journal counters and the rows flushed at the end.
     *
     * @param mayStart whether an idle process's invocation may be claimed in this transaction (else its
     *                 wake-up goes after it, and its receipt is journaled when it starts)
     */
    private List<GroupCommit.Outcome> acceptChecked(List<GroupCommit.Request> requests, TriggerIntake.Repeats repeats, boolean mayStart) {
        BatchChecks batch = BatchChecks.read(em, processLocks, mayStart ? journal : null, requests, repeats);
        List<GroupCommit.Outcome> outcomes = new ArrayList<>(requests.size());
        for (GroupCommit.Request request : requests) {
            Checked checked;
            try {
                checked = check(request, batch);
            } catch (ProblemException refused) {
                outcomes.add(GroupCommit.Outcome.of(refused));
                continue;
            }
            TriggerIntake.Accepted accepted = write(request, checked, mayStart, false, !mayStart);
            outcomes.add(GroupCommit.Outcome.of(accepted));
            if (accepted.created()) {
                batch.wrote(accepted.invocation());
            }
        }
        JournalSeqUpdate.write(em, batch.locked());
        em.flush();
        return outcomes;
    }

    private TriggerIntake.Accepted acceptOne(GroupCommit.Request request) {
        return write(request, check(request));
    }

    /** What the checks found under the process's lock: the trigger's first invocation if it is a repeat, else how to accept it. */
    private record Checked(AgentProcess locked, Invocation repeat, Manifest.OnBusy onBusy, boolean busy) {
    }

    /** The checks, which write nothing: a refusal is a ProblemException. */
    private Checked check(GroupCommit.Request request) {
        return check(request, null);
    }

    /** @param batch what a batch read for all its triggers, or null to read it for this one */
    private Checked check(GroupCommit.Request request, BatchChecks batch) {
        String process = request.process();
        // under the process's lock, so an ending that hands the turn on sees this invocation, or this sees it ended
        // (lockIfPresent: no such process is this trigger's refusal below, which writes nothing and leaves the group's transaction alone)
        AgentProcess locked = (batch == null ? processLocks.lockIfPresent(process) : batch.process(process))
                .orElseThrow(() -> ProblemException.notFound("process '" + process + "'"));
        Optional<Invocation> existing = batch == null ? byDedupKey(process, request.dedupKey()) : batch.repeat(process, request.dedupKey());
        if (existing.isPresent()) {
            return new Checked(locked, existing.get(), null, false);
        }
        if (!locked.state().acceptsTriggers()) {
            throw ProblemException.conflict("process '" + process + "' is " + locked.state() + "; start it to accept triggers");
        }
        Manifest.OnBusy onBusy = processes.manifest(process, locked.version()).onBusy();
        boolean busy = batch == null ? busy(locked) : batch.busy(locked);
        if (busy && onBusy == Manifest.OnBusy.REJECT) {
            throw ProblemException.conflict("process '" + process + "' is busy and refuses triggers while an invocation runs (on_busy: reject)");
        }
        return new Checked(locked, null, onBusy, busy);
    }

    /** The accept's writes, once the checks have passed. */
    private TriggerIntake.Accepted write(GroupCommit.Request request, Checked checked) {
        return write(request, checked, true, true, false);
    }

    /**
     * @param mayStart whether an idle process's invocation may be claimed in this transaction (else its wake-up goes after it)
     * @param flushNow whether its rows are written now (a lone accept: its dedup key checked by the index at once)
     * @param deferReceipt whether its {@code TRIGGER_RECEIVED} entry waits for its start ({@link TriggerReceipts})
     */
    private TriggerIntake.Accepted write(GroupCommit.Request request, Checked checked, boolean mayStart, boolean flushNow,
                                         boolean deferReceipt) {
        if (checked.repeat() != null) {
            return new TriggerIntake.Accepted(checked.repeat(), false);
        }
        String process = request.process();
        TriggerKind kind = request.kind();
        String ref = request.ref();
        JsonNode payload = request.payload();
        AgentProcess locked = checked.locked();
        Manifest.OnBusy onBusy = checked.onBusy();
        boolean busy = checked.busy();
        if (busy && onBusy == Manifest.OnBusy.INTERRUPT) {
            cancellation.supersede(locked, "cancelled: a newer trigger arrived (on_busy: interrupt)");
        }
        Invocation invocation = new Invocation(TimeOrderedIds.next(), process, kind, ref, payload, request.dedupKey(), Instant.now());
        invocation.traced(request.traceParent());
        // behind a running or waiting one it is parked at once: the ending dispatches it, with no
        // wake-up through the broker and no claim that would only find the process busy
        boolean parked = busy && onBusy != Manifest.OnBusy.INTERRUPT;
        if (parked) {
            invocation.park();
        }
        if (deferReceipt) {
            invocation.deferReceipt();
        } else {
            receipts.journal(process, invocation.id(), kind, ref, payload);
        }
        // claimed before it is persisted, so that its row is written once, claimed: persisted first,
        // it was inserted QUEUED and then updated (in H2 an update rewrites the row in all its indexes)
        boolean startsNow = mayStart && !busy && locked.state() == ProcessState.RUNNING && eagerStart.tryStart(locked, invocation);
        em.persist(invocation);
        if (flushNow) {
            // the unique dedup key checked now, not at the commit
            em.flush();
        }
        if (!parked && !startsNow) {
            // the outbox: the wake-up goes once this commit is done, not in a two-phase commit with the broker
            wakeUps.afterCommit(process, invocation.id());
        }
        return new TriggerIntake.Accepted(invocation, true);
    }

    /** Running, waiting, or with triggers before this one still to run. */
    private boolean busy(AgentProcess process) {
        return process.activeInvocation() != null || !em.createQuery("select i.id from Invocation i where i.processName = :p and "
                        + InvocationStatus.IS_QUEUED, String.class)
                .setParameter("p", process.name())
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    @Transactional
    Optional<Invocation> byDedupKey(String process, String dedupKey) {
        if (dedupKey == null) {
            return Optional.empty();
        }
        return em.createQuery("select i from Invocation i where i.processName = :p and i.dedupKey = :k", Invocation.class)
                .setParameter("p", process)
                .setParameter("k", dedupKey)
                .getResultStream()
                .findFirst();
    }
}

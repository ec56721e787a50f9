package io.castellan.invocation.execution;

import io.castellan.invocation.Invocation;
import io.castellan.platform.AfterCompletion;
import io.castellan.platform.InTransaction;
import io.castellan.process.AgentProcess;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;

/**
 * Starting a trigger in the transaction that accepts it, when its process is idle and this server
 * has a free slot (what Temporal calls an eager start): the claim commits with the trigger, and
 * the invocation's thread starts after that commit, with no wake-up through the broker. A crash
 * in between leaves it RUNNING here, and the next start resumes it from its journal, as for any
 * claimed invocation. A busy process, a full or stopping server still go through the broker.
 */
@ApplicationScoped
public class EagerStart {

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    @Inject
    private InvocationThreads threads;

    @Inject
    private Executions executions;

    @Inject
    private ClaimStep claims;

    @Inject
    private InvocationRunner runner;

    /**
     * Claims the new invocation in the caller's transaction, which holds its process's lock. The
     * invocation need not be persisted yet (the accept persists it after this, so that its row is
     * inserted once, claimed): the claim only sets its fields and journals.
     *
     * @return false when it did not try (no free slot, the server stopping): send a wake-up
     */
    public boolean tryStart(AgentProcess locked, Invocation invocation) {
        InTransaction.required(transactions);
        if (executions.draining() || !threads.tryAcquire()) {
            return false;
        }
        if (!executions.enter(invocation.id())) {
            threads.release();
            return false;
        }
        Optional<RunStart> run;
        try {
            // the claim decides: runs now, or parked (a day's budget used up on a paused process), or
            // failed; the accept found nothing queued before it, so it is the oldest
            run = claims.claimOldest(locked, invocation).run();
        } catch (RuntimeException e) {
            giveBack(invocation.id());
            throw e;
        }
        if (run.isEmpty()) {
            giveBack(invocation.id());
            return true;
        }
        if (transactions.getResource(Folded.class) instanceof Folded folded) {
            // the caller runs it, in this transaction, on its own thread: the slot and entry are its until it ends
            folded.run = run.get();
            AfterCompletion.on(transactions, () -> { }, () -> giveBack(invocation.id()));
            return true;
        }
        AfterCompletion.on(transactions, () -> runner.startClaimed(run.get()), () -> giveBack(invocation.id()));
        return true;
    }

    /** A transaction's slot for the invocation its accept claims, when the caller runs it there (a folded start). */
    private static final class Folded {
        private RunStart run;
    }

    /**
     * Marks the caller's transaction: an invocation its accept starts eagerly is not started on a
     * thread after the commit, but left to the caller, who runs it in this same transaction
     * ({@link InvocationRunner#executeFolded}).
     */
    public void foldHere() {
        InTransaction.required(transactions);
        transactions.putResource(Folded.class, new Folded());
    }

    /** The invocation this transaction's accept claimed for the caller to run, after {@link #foldHere}. */
    public Optional<RunStart> folded() {
        InTransaction.required(transactions);
        return transactions.getResource(Folded.class) instanceof Folded folded ? Optional.ofNullable(folded.run) : Optional.empty();
    }

    private void giveBack(String invocationId) {
        executions.leave(invocationId);
        threads.release();
    }
}

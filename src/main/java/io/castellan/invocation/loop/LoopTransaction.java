package io.castellan.invocation.loop;

import io.castellan.invocation.execution.RunGuard;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transaction an invocation's loop holds open across its steps while they stay inside
 * Castellan: a scripted or replayed model turn, {@code state_get}/{@code state_set}, a checkpoint,
 * the reply and the completion all join it, so an invocation that never reaches outside commits
 * once. It commits before the loop reaches outside (a provider model call, a tool that calls out,
 * a wait) and at the loop's end: what is outside then always finds its step recorded, and a crash
 * before a commit loses only steps that had no effect anywhere else, which the resume does again.
 *
 * <p>Opening it locks the process row first: the lock order of lifecycle changes (process, then
 * journal) holds for all the steps that join it.
 */
final class LoopTransaction {

    private static final Logger LOG = Logger.getLogger(LoopTransaction.class.getName());

    private final UserTransaction transaction;
    private final RunGuard guard;
    private final String process;
    private boolean open;
    /** Run once the first commit is done (an adopted transaction's: its accept is then answered). */
    private Runnable firstCommit;

    LoopTransaction(UserTransaction transaction, RunGuard guard, String process) {
        this.transaction = transaction;
        this.guard = guard;
        this.process = process;
    }

    /**
     * The caller's open transaction, which holds the process's lock already (a folded start's: the
     * accept that claimed the invocation); {@code firstCommit} runs once it has committed.
     */
    static LoopTransaction adopted(UserTransaction transaction, RunGuard guard, String process, Runnable firstCommit) {
        LoopTransaction adopted = new LoopTransaction(transaction, guard, process);
        adopted.open = true;
        adopted.firstCommit = firstCommit;
        return adopted;
    }

    /** Opens the transaction unless it is open; the steps that follow join it. */
    void ensure() {
        if (open) {
            return;
        }
        try {
            transaction.begin();
            open = true;
            guard.lockProcess(process);
        } catch (jakarta.transaction.NotSupportedException | SystemException e) {
            throw new IllegalStateException("cannot begin the invocation's transaction: " + e.getMessage(), e);
        }
    }

    /** Commits what the open transaction holds, before the loop reaches outside or ends. */
    void commit() {
        if (!open) {
            return;
        }
        open = false;
        try {
            if (transaction.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                transaction.rollback();
                throw new IllegalStateException("a step failed; its invocation resumes from its journal");
            }
            transaction.commit();
        } catch (jakarta.transaction.RollbackException | jakarta.transaction.HeuristicMixedException
                 | jakarta.transaction.HeuristicRollbackException | SystemException e) {
            throw new IllegalStateException("the invocation's steps did not commit: " + e.getMessage(), e);
        }
        Runnable first = firstCommit;
        firstCommit = null;
        if (first != null) {
            first.run();
        }
    }

    /** After an error: nothing of the open transaction is kept. */
    void rollback() {
        if (!open) {
            return;
        }
        open = false;
        try {
            transaction.rollback();
        } catch (SystemException | IllegalStateException e) {
            LOG.log(Level.WARNING, "Rolling back an invocation's transaction failed: {0}", e.getMessage());
        }
    }
}

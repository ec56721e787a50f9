package io.castellan.invocation.loop;

import io.castellan.invocation.execution.RunStart;

/**
 * A transaction left open across invocations of one process that follow each other on one
 * thread: when an invocation ends and its ending hands the process's turn to the next queued
 * one, the next one's first local steps (and, for one that never goes outside, all of it) join
 * the ending's transaction instead of committing it first. A process with a backlog of triggers
 * then commits once for several invocations: its row, its state's row and the journal's last page
 * are written once for all of them. Nothing outside Castellan sees an uncommitted ending: the loop
 * commits before anything goes outside, as for its own steps ({@link LoopTransaction}).
 *
 * <p>What a rollback of a fold loses: the endings of the invocations it carried and the claims of
 * the ones their endings handed the turn to. The first of them ({@link #first()}) was claimed in a
 * commit of its own, so it is RUNNING here and resumes from its journal when woken; the others
 * are queued again, behind it. A resumed invocation starts no fold, so an invocation whose steps
 * keep failing fails alone and is counted as poison alone.
 */
public final class Fold {

    /** At most this many invocations commit together, */
    static final int MAX_INVOCATIONS = 8;
    /** and for at most this long is the process's row held locked by one fold. */
    static final long MAX_NANOS = 20_000_000L;

    private final LoopTransaction tx;
    /** Which of the transaction's begins this fold is: one that committed in between is another fold. */
    private final int begun;
    private final RunStart first;
    private final long openedAt;
    private int invocations;

    private Fold(LoopTransaction tx, RunStart first, long openedAt) {
        this.tx = tx;
        this.begun = tx.begins();
        this.first = first;
        this.openedAt = openedAt;
    }

    /**
     * The fold {@code run}'s ending carries on, or null when the ending must commit now ({@code tx}
     * is {@code carried}'s own when a fold was carried into {@code run}): it has no
     * next invocation of its own process to run ({@code handedOn} false), it resumed (its steps
     * failed once), or the fold is full.
     */
    static Fold carryOn(Fold carried, RunStart run, LoopTransaction tx, boolean handedOn, long now) {
        if (!handedOn || run.resumed() || !tx.isOpen()) {
            return null;
        }
        // an invocation that committed on its way (it went outside) made the ones before it durable
        Fold fold = carried != null && carried.begun == tx.begins() ? carried : new Fold(tx, run, now);
        fold.invocations++;
        if (fold.invocations >= MAX_INVOCATIONS || now - fold.openedAt >= MAX_NANOS) {
            return null;
        }
        return fold;
    }

    /** The open transaction, for the next invocation's loop to join: it belongs to {@code process}. */
    LoopTransaction transaction(String process) {
        if (!tx.process().equals(process)) {
            throw new IllegalStateException("a fold of " + tx.process() + " cannot carry an invocation of " + process);
        }
        return tx;
    }

    /** The invocation whose claim the fold's first commit did not hold: the one to wake if the fold rolls back. */
    public RunStart first() {
        return first;
    }

    /** After an error: nothing of the fold is kept. */
    public void rollback() {
        tx.rollback();
    }
}

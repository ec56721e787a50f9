package io.castellan.invocation.intake;

import io.castellan.invocation.execution.EagerStart;
import io.castellan.invocation.execution.InvocationRunner;
import io.castellan.invocation.execution.RunStart;
import io.castellan.platform.ProblemException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A lone trigger (no other waits to commit with it) accepted on a virtual thread of its own, which
 * is its invocation's thread when its process is idle: the accept, the claim and the invocation's
 * first steps that stay inside Castellan (a scripted model turn, {@code state_set}, the reply, the
 * end) share one transaction, and the caller is answered once it has committed. What Temporal calls
 * an eager start with local activities: one commit, one lock and no hand-over to another thread,
 * where an eager start alone commits the accept, starts a thread, and opens a second transaction
 * that locks the process again. The first step that goes outside (a provider's model, a tool that
 * calls out, a wait) commits first, as in any invocation, and answers the caller then. If those
 * first steps fail before they commit, nothing of them or of the accept is kept, and the trigger is
 * accepted alone, as without this.
 */
@ApplicationScoped
class FoldedAccept {

    private static final Logger LOG = Logger.getLogger(FoldedAccept.class.getName());

    @Resource
    private UserTransaction userTransaction;

    /** Carries the application's context onto the accept's thread. */
    @Resource(lookup = "java:comp/DefaultContextService")
    private ContextService contexts;

    @Inject
    private IntakeTransaction transaction;

    @Inject
    private EagerStart eagerStart;

    @Inject
    private InvocationRunner runner;

    /**
     * One fold at a time, until its caller is answered: a trigger that comes meanwhile is accepted
     * on the committer's thread as before, and the triggers behind it wait for that commit and go
     * in groups. Folds without a bound would leave the committer free at once for each next
     * trigger, so that under load every trigger went alone, one transaction and one commit each.
     */
    private final Semaphore folding = new Semaphore(1);

    /**
     * Accepts the request on a new virtual thread, and answers through {@code answer}; {@code alone}
     * is the accept without the fold.
     *
     * @return false, having done nothing, when another fold has not answered its caller yet
     */
    boolean tryStart(GroupCommit.Request request, CompletableFuture<TriggerIntake.Accepted> answer, Supplier<TriggerIntake.Accepted> alone) {
        if (!folding.tryAcquire()) {
            return false;
        }
        answer.whenComplete((accepted, refused) -> folding.release());
        onItsOwnThread(() -> acceptAndRun(request, answer, alone));
        return true;
    }

    /** Starts the fold's thread (the tests without a server run nothing). */
    void onItsOwnThread(Runnable fold) {
        Thread.ofVirtual().name("castellan-accept").start(contexts.contextualRunnable(fold));
    }

    private void acceptAndRun(GroupCommit.Request request, CompletableFuture<TriggerIntake.Accepted> answer,
                              Supplier<TriggerIntake.Accepted> alone) {
        try {
            foldOrAlone(request, answer, alone);
        } catch (Throwable e) {
            // never leave the caller waiting (nor the next folds) for an answer that will not come
            LOG.log(Level.SEVERE, "A folded accept broke", e);
            rollBack();
            answer.completeExceptionally(e);
        }
    }

    private void foldOrAlone(GroupCommit.Request request, CompletableFuture<TriggerIntake.Accepted> answer,
                             Supplier<TriggerIntake.Accepted> alone) {
        TriggerIntake.Accepted accepted;
        Optional<RunStart> run;
        try {
            userTransaction.begin();
            eagerStart.foldHere();
            GroupCommit.Outcome outcome = transaction.tryAccept(request);
            if (outcome.refused() != null) {
                throw outcome.refused();
            }
            accepted = outcome.accepted();
            run = eagerStart.folded();
            if (run.isEmpty()) {
                // queued or parked behind another, a repeat, or no free slot: the accept alone
                userTransaction.commit();
                answer.complete(accepted);
                return;
            }
        } catch (ProblemException refused) {
            rollBack();
            answer.completeExceptionally(refused);
            return;
        } catch (Exception e) {
            // what the accept alone does about it (a repeat racing this one, a deadlock): its own transaction
            rollBack();
            LOG.log(Level.FINE, "A folded accept failed; accepting the trigger alone", e);
            answerWith(answer, alone);
            return;
        }
        if (!runner.executeFolded(run.get(), () -> answer.complete(accepted))) {
            // rolled back by the loop, or, had it failed before it began, here
            rollBack();
            answerWith(answer, alone);
        }
    }

    private static void answerWith(CompletableFuture<TriggerIntake.Accepted> answer, Supplier<TriggerIntake.Accepted> alone) {
        try {
            answer.complete(alone.get());
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    private void rollBack() {
        try {
            if (userTransaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                userTransaction.rollback();
            }
        } catch (SystemException | IllegalStateException e) {
            LOG.log(Level.WARNING, "Rolling back a folded accept failed: {0}", e.getMessage());
        }
    }
}

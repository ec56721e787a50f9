package io.castellan.invocation.deadletter;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.execution.Endings;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.process.ProcessLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;

/**
 * What becomes of an invocation whose trigger message went to the dead-letter queue: it ends
 * {@code FAILED}, which frees its process for the next trigger; a replay starts a new invocation
 * with the same trigger.
 */
@ApplicationScoped
public class DeadLetteredInvocations {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Endings endings;

    @Inject
    private TriggerIntake intake;

    @Inject
    private Journal journal;

    /** Fails the invocation if it has not ended; true when it did so. */
    @Transactional(TxType.REQUIRED)
    public boolean fail(String invocationId, String reason) {
        Invocation invocation = em.find(Invocation.class, invocationId);
        if (invocation == null || invocation.status().isFinal()) {
            return false;
        }
        processLocks.lock(invocation.processName());
        em.refresh(invocation);
        if (invocation.status().isFinal()) {
            return false;
        }
        endings.finish(invocation, Endings.Outcome.FAILED, reason);
        return true;
    }

    /**
     * Accepts the invocation's trigger again, as a new invocation, in the caller's transaction.
     *
     * @return the new invocation's id, or null when the old invocation no longer exists
     */
    @Transactional(TxType.MANDATORY)
    public String replay(String invocationId, String by) {
        Invocation old = em.find(Invocation.class, invocationId);
        if (old == null) {
            return null;
        }
        fail(invocationId, "dead-lettered; replayed by " + by);
        Invocation fresh = intake.accept(old.processName(), old.triggerKind(), old.triggerRef(), old.triggerPayload(), null).invocation();
        journal.append(old.processName(), JournalType.DEAD_LETTER_REPLAYED, old.id(),
                Json.object().put("new_invocation", fresh.id()).put("by", by));
        return fresh.id();
    }
}

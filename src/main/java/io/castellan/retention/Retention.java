package io.castellan.retention;

import io.castellan.conversation.ConversationTurn;
import io.castellan.invocation.InvocationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;

/**
 * Deletes what a process no longer keeps, a small batch per transaction so that no sweep holds
 * locks for long: ended invocations older than the cutoff with their journal entries, waits and
 * approvals; journal entries of no invocation older than it; conversation turns older than it
 * (summaries stay: they are what the process remembers of them). What an unfinished invocation
 * needs (its rows, its journal, its checkpoint) is never touched.
 */
@ApplicationScoped
class Retention {

    static final int BATCH = 500;
    private static final List<InvocationStatus> ENDED = List.of(InvocationStatus.COMPLETED, InvocationStatus.FAILED,
            InvocationStatus.CANCELLED, InvocationStatus.COALESCED);

    @PersistenceContext
    private EntityManager em;

    /** One batch of the process's ended invocations older than the cutoff, with what belongs to them. @return how many */
    @Transactional(TxType.REQUIRES_NEW)
    int invocations(String process, Instant cutoff) {
        List<String> ids = em.createQuery("select i.id from Invocation i where i.processName = :p and i.queuedAt < :cutoff"
                        + " and i.status in :ended and i.finishedAt < :cutoff", String.class)
                .setParameter("p", process).setParameter("cutoff", cutoff).setParameter("ended", ENDED)
                .setMaxResults(BATCH).getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        for (String entity : List.of("JournalEntry", "DurableWait", "Approval")) {
            em.createQuery("delete from " + entity + " e where e.invocationId in :ids").setParameter("ids", ids).executeUpdate();
        }
        em.createQuery("delete from Invocation i where i.id in :ids").setParameter("ids", ids).executeUpdate();
        return ids.size();
    }

    /** One batch of the process's journal entries of no invocation (deploys, state changes, ...) older than the cutoff. */
    @Transactional(TxType.REQUIRES_NEW)
    int processEntries(String process, Instant cutoff) {
        List<Long> seqs = em.createQuery("select j.seq from JournalEntry j where j.processName = :p and j.invocationId is null and j.at < :cutoff",
                        Long.class)
                .setParameter("p", process).setParameter("cutoff", cutoff).setMaxResults(BATCH).getResultList();
        if (!seqs.isEmpty()) {
            em.createQuery("delete from JournalEntry j where j.processName = :p and j.seq in :seqs")
                    .setParameter("p", process).setParameter("seqs", seqs).executeUpdate();
        }
        return seqs.size();
    }

    /** One batch of the process's conversation turns older than the cutoff, summaries kept. */
    @Transactional(TxType.REQUIRES_NEW)
    int conversation(String process, Instant cutoff) {
        List<Long> ids = em.createQuery("select t.id from ConversationTurn t where t.processName = :p and t.at < :cutoff and t.role <> :summary",
                        Long.class)
                .setParameter("p", process).setParameter("cutoff", cutoff).setParameter("summary", ConversationTurn.Role.SUMMARY)
                .setMaxResults(BATCH).getResultList();
        if (!ids.isEmpty()) {
            em.createQuery("delete from ConversationTurn t where t.id in :ids").setParameter("ids", ids).executeUpdate();
        }
        return ids.size();
    }

    /** One batch of audit records older than the cutoff. */
    @Transactional(TxType.REQUIRES_NEW)
    int audit(Instant cutoff) {
        List<String> ids = em.createQuery("select a.id from AuditRecord a where a.at < :cutoff", String.class)
                .setParameter("cutoff", cutoff).setMaxResults(BATCH).getResultList();
        if (!ids.isEmpty()) {
            em.createQuery("delete from AuditRecord a where a.id in :ids").setParameter("ids", ids).executeUpdate();
        }
        return ids.size();
    }
}

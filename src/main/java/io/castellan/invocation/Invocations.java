package io.castellan.invocation;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.platform.JpqlLiterals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads invocations. */
@ApplicationScoped
public class Invocations {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Journal journal;

    @Transactional
    public Optional<Invocation> find(String id) {
        return Optional.ofNullable(em.find(Invocation.class, id));
    }

    /**
     * The invocations that these events started, by the events' ids. The kind is written into the
     * query, not bound: on PostgreSQL the index of trigger refs holds events' invocations alone
     * (db/postgresql/V26_1), and a partial index is matched only against a value seen at planning.
     */
    @Transactional
    public List<Invocation> startedByEvents(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select i from Invocation i where i.triggerRef in :refs and i.triggerKind = "
                        + JpqlLiterals.of(TriggerKind.EVENT) + " order by i.processName", Invocation.class)
                .setParameter("refs", eventIds).getResultList();
    }

    /** The invocation's status alone (a cheap read for a client that waits), or null when there is none. */
    @Transactional
    public InvocationStatus statusOf(String id) {
        return em.createQuery("select i.status from Invocation i where i.id = :id", InvocationStatus.class)
                .setParameter("id", id).getResultStream().findFirst().orElse(null);
    }

    /** Newest first; {@code before} is the (queued at, id) of the last item of the previous page. */
    @Transactional
    public List<Invocation> list(String process, InvocationStatus status, Instant beforeTime, String beforeId, int limit) {
        // the order names the index's equal columns first, and the cursor is a range on queued_at:
        // so H2 reads a page from ix_invocation_process or ix_invocation_queue instead of sorting
        // every invocation of the process (see Dispatcher.ARRIVAL_ORDER)
        String where = "i.processName = :p" + (status == null ? "" : " and i.status = :s")
                + (beforeTime == null ? "" : " and i.queuedAt <= :t and (i.queuedAt < :t or i.id < :id)");
        String order = status == null ? " order by i.processName desc, i.queuedAt desc, i.id desc"
                : " order by i.processName desc, i.status desc, i.queuedAt desc, i.id desc";
        TypedQuery<Invocation> query = em.createQuery("select i from Invocation i where " + where + order, Invocation.class)
                .setParameter("p", process)
                .setMaxResults(limit);
        if (status != null) {
            query.setParameter("s", status);
        }
        if (beforeTime != null) {
            query.setParameter("t", beforeTime).setParameter("id", beforeId);
        }
        return query.getResultList();
    }

    /** How many of the process's invocations queued in {@code [from, to)} are in each status. */
    @Transactional
    public Map<InvocationStatus, Long> countsQueuedBetween(String process, Instant from, Instant to) {
        Map<InvocationStatus, Long> counts = new EnumMap<>(InvocationStatus.class);
        for (Object[] row : em.createQuery("select i.status, count(i) from Invocation i where i.processName = :p"
                        + " and i.queuedAt >= :from and i.queuedAt < :to group by i.status", Object[].class)
                .setParameter("p", process).setParameter("from", from).setParameter("to", to).getResultList()) {
            counts.put((InvocationStatus) row[0], (Long) row[1]);
        }
        return counts;
    }

    @Transactional
    public List<JournalEntry> journalOf(String id) {
        return journal.ofInvocation(id);
    }

    /** Its journal entries after {@code afterSeq}. */
    @Transactional
    public List<JournalEntry> journalOf(String id, long afterSeq) {
        return journal.ofInvocationAfter(id, afterSeq);
    }
}

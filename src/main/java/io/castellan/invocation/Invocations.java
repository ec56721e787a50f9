package io.castellan.invocation;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
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

    /** Newest first; {@code before} is the (queued at, id) of the last item of the previous page. */
    @Transactional
    public List<Invocation> list(String process, InvocationStatus status, Instant beforeTime, String beforeId, int limit) {
        String where = "i.processName = :p" + (status == null ? "" : " and i.status = :s")
                + (beforeTime == null ? "" : " and (i.queuedAt < :t or (i.queuedAt = :t and i.id < :id))");
        TypedQuery<Invocation> query = em.createQuery("select i from Invocation i where " + where + " order by i.queuedAt desc, i.id desc", Invocation.class)
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

    /** When each invocation of the process queued in {@code [from, to)} was queued, and its status. */
    @Transactional
    public List<Object[]> queuedBetween(String process, Instant from, Instant to) {
        return em.createQuery("select i.queuedAt, i.status from Invocation i where i.processName = :p and i.queuedAt >= :from"
                        + " and i.queuedAt < :to", Object[].class)
                .setParameter("p", process).setParameter("from", from).setParameter("to", to).getResultList();
    }

    @Transactional
    public List<JournalEntry> journalOf(String id) {
        return journal.ofInvocation(id);
    }
}

package io.castellan.audit;

import io.castellan.platform.Cursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The audit log. A record is queued where the action is answered and written with the others of
 * the same second in one transaction ({@link AuditWriter}), so auditing costs a request no commit
 * of its own; a crash loses at most the last second's records. Records are only ever added.
 */
@ApplicationScoped
public class AuditLog {

    /** How many records one write takes at most. */
    static final int BATCH = 1000;
    /** How many may wait for a database that does not take them, before new ones are dropped (and said so). */
    static final int MOST_QUEUED = 100_000;
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

    @PersistenceContext
    private EntityManager em;

    private final ConcurrentLinkedQueue<AuditRecord> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    public void record(AuditRecord record) {
        if (size.incrementAndGet() > MOST_QUEUED) {
            size.decrementAndGet();
            if (dropped.getAndIncrement() % 10_000 == 0) {
                LOG.severe(() -> "The audit log cannot be written and " + MOST_QUEUED + " records wait: new ones are dropped ("
                        + dropped.get() + " so far)");
            }
            return;
        }
        queued.add(record);
    }

    /** The oldest queued records, at most a batch, taken off the queue. */
    List<AuditRecord> take() {
        List<AuditRecord> batch = new ArrayList<>();
        AuditRecord next;
        while (batch.size() < BATCH && (next = queued.poll()) != null) {
            batch.add(next);
            size.decrementAndGet();
        }
        return batch;
    }

    /** Records a write could not store go back on the queue, for the next try. */
    void requeue(List<AuditRecord> batch) {
        batch.forEach(this::record);
    }

    @Transactional
    void write(List<AuditRecord> batch) {
        batch.forEach(em::persist);
    }

    /** Newest first, filtered by process, token and time (each optional), after the cursor's position. */
    @Transactional
    public List<AuditRecord> find(String process, String token, Instant from, Instant to, Cursor.TimeAndId before, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        if (process != null) {
            where.append(" and a.processName = :process");
        }
        if (token != null) {
            where.append(" and a.token = :token");
        }
        if (from != null) {
            where.append(" and a.at >= :from");
        }
        if (to != null) {
            where.append(" and a.at < :to");
        }
        if (before != null) {
            where.append(" and a.at <= :t and (a.at < :t or a.id < :id)");
        }
        TypedQuery<AuditRecord> query = em.createQuery("select a from AuditRecord a where " + where + " order by a.at desc, a.id desc",
                AuditRecord.class).setMaxResults(limit);
        if (process != null) {
            query.setParameter("process", process);
        }
        if (token != null) {
            query.setParameter("token", token);
        }
        if (from != null) {
            query.setParameter("from", from);
        }
        if (to != null) {
            query.setParameter("to", to);
        }
        if (before != null) {
            query.setParameter("t", before.time()).setParameter("id", before.id());
        }
        return query.getResultList();
    }
}

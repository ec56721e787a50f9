package io.castellan.invocation.execution;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.platform.InTransaction;
import io.castellan.process.AgentProcess;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Sends the next waiting invocation of a process back to the queue. Invocations wait in the
 * database (parked) while their process is paused or busy, so no trigger depends on the broker's
 * redelivery order; each one that ends hands the turn to the next, oldest first.
 */
@ApplicationScoped
public class Dispatcher {

    private static final String WAITING = "from Invocation i where i.processName = :p and i.parked = true and " + InvocationStatus.IS_QUEUED;

    /**
     * Arrival order, (queued_at, id), spelled with the index's equal columns first: H2 reads a
     * queue's first row from ix_invocation_queue only when the order names every column of the
     * index; ordered by (queued_at, id) alone it read and sorted the process's whole queue (every
     * dispatch read 200 rows in the throughput benchmark). PostgreSQL reads the same order from the
     * queue's own index, ix_invocation_queued (the process and the status are fixed by the query).
     */
    static final String ARRIVAL_ORDER = " order by i.processName, i.status, i.queuedAt, i.id";

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private WakeUps wakeUps;

    @Inject
    private ClaimStep claims;

    @Inject
    private Executions executions;

    /** Wakes the oldest invocation parked for the process, once the caller's transaction commits. */
    public void dispatchNext(String process) {
        InTransaction.required(transactions);
        em.createQuery("select i " + WAITING + ARRIVAL_ORDER, Invocation.class)
                .setParameter("p", process)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .ifPresent(next -> {
                    next.unpark();
                    wakeUps.afterCommit(process, next.id());
                });
    }

    /**
     * The end of {@code ended}, in its transaction, which holds the process's lock and has freed it,
     * hands the turn to the oldest trigger still queued. When that one is parked and the ending
     * runs on {@code ended}'s own thread, it is claimed here, in the same commit, and that thread
     * runs it next (no wake-up, no second transaction; a crash after the commit leaves it RUNNING
     * here for the start-up recovery, as for any claim). Otherwise it is woken through the broker. When
     * the oldest is not parked, its wake-up is on the way and it claims the process itself.
     */
    void handOn(AgentProcess process, String ended) {
        InTransaction.required(transactions);
        Invocation oldest = oldestQueued(process.name());
        if (oldest == null || !oldest.parked()) {
            return;
        }
        if (!wakeUps.mayHandOn(ended) || !executions.enter(oldest.id())) {
            oldest.unpark();
            wakeUps.afterCommit(process.name(), oldest.id());
            return;
        }
        Optional<RunStart> run;
        try {
            // nothing older waits: this is the oldest queued, and the process is free
            run = claims.claimOldest(process, oldest).run();
        } catch (RuntimeException e) {
            executions.leave(oldest.id());
            throw e;
        }
        if (run.isPresent()) {
            wakeUps.handOn(run.get());
        } else {
            executions.leave(oldest.id());
        }
    }

    /**
     * True when an invocation that arrived before this one has not started: parked, or dispatched
     * with its wake-up still on the way (wake-ups are sent after their commit, so a newer one's can
     * come first). Arrival order is (queued_at, id), as dispatchNext takes them.
     */
    boolean olderOneWaits(Invocation invocation) {
        InTransaction.required(transactions);
        // the first of the queue, not "any older one": a scan for older rows that finds none reads the whole queue
        Invocation oldest = oldestQueued(invocation.processName());
        if (oldest == null || oldest.id().equals(invocation.id())) {
            return false;
        }
        int byTime = oldest.queuedAt().compareTo(invocation.queuedAt());
        return byTime < 0 || (byTime == 0 && oldest.id().compareTo(invocation.id()) < 0);
    }

    private Invocation oldestQueued(String process) {
        return em.createQuery("select i from Invocation i where i.processName = :p and " + InvocationStatus.IS_QUEUED + ARRIVAL_ORDER,
                        Invocation.class)
                .setParameter("p", process)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .orElse(null);
    }

    /** Everything waiting for a process, oldest first. */
    public List<Invocation> parked(String process) {
        InTransaction.required(transactions);
        return em.createQuery("select i " + WAITING + ARRIVAL_ORDER, Invocation.class)
                .setParameter("p", process)
                .getResultList();
    }
}

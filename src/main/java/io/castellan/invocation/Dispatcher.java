package io.castellan.invocation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Sends the next waiting invocation of a process back to the queue. Invocations wait in the
 * database (parked) while their process is paused or busy, so no trigger depends on the broker's
 * redelivery order; each one that ends dispatches the next, oldest first.
 */
@ApplicationScoped
class Dispatcher {

    private static final String WAITING = "from Invocation i where i.processName = :p and i.parked = true and i.status = :s";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private WakeUps wakeUps;

    @Transactional(Transactional.TxType.MANDATORY)
    void dispatchNext(String process) {
        dispatchNext(process, null);
    }

    /** @param ended the invocation whose end hands the turn on: its thread may run the next itself */
    @Transactional(Transactional.TxType.MANDATORY)
    void dispatchNext(String process, String ended) {
        em.createQuery("select i " + WAITING + " order by i.queuedAt, i.id", Invocation.class)
                .setParameter("p", process)
                .setParameter("s", InvocationStatus.QUEUED)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .ifPresent(next -> {
                    next.unpark();
                    wakeUps.afterCommit(process, next.id(), ended);
                });
    }

    /**
     * True when an invocation that arrived before this one has not started: parked, or dispatched
     * with its wake-up still on the way (wake-ups are sent after their commit, so a newer one's can
     * come first). Arrival order is (queued_at, id), as dispatchNext takes them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean olderOneWaits(Invocation invocation) {
        return !em.createQuery("select i.id from Invocation i where i.processName = :p and i.status = :s"
                        + " and (i.queuedAt < :t or (i.queuedAt = :t and i.id < :id))", String.class)
                .setParameter("p", invocation.processName())
                .setParameter("s", InvocationStatus.QUEUED)
                .setParameter("t", invocation.queuedAt())
                .setParameter("id", invocation.id())
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    /** Everything waiting for a process, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    List<Invocation> parked(String process) {
        return em.createQuery("select i " + WAITING + " order by i.queuedAt, i.id", Invocation.class)
                .setParameter("p", process)
                .setParameter("s", InvocationStatus.QUEUED)
                .getResultList();
    }
}

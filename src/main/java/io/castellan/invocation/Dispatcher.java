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

    @PersistenceContext
    private EntityManager em;

    @Inject
    private TriggerQueue queue;

    @Transactional(Transactional.TxType.MANDATORY)
    void dispatchNext(String process) {
        oldestParked(process, null).ifPresent(next -> {
            next.unpark();
            queue.send(process, next.id());
        });
    }

    /** True when an invocation that arrived before this one is still waiting. */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean olderOneWaits(Invocation invocation) {
        return oldestParked(invocation.processName(), invocation).isPresent();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    List<Invocation> parked(String process) {
        return em.createQuery("select i from Invocation i where i.processName = :p and i.parked = true and i.status = :s order by i.queuedAt, i.id", Invocation.class)
                .setParameter("p", process)
                .setParameter("s", InvocationStatus.QUEUED)
                .getResultList();
    }

    private java.util.Optional<Invocation> oldestParked(String process, Invocation before) {
        return parked(process).stream()
                .filter(i -> before == null || (!i.id().equals(before.id()) && i.queuedAt().isBefore(before.queuedAt())))
                .findFirst();
    }
}

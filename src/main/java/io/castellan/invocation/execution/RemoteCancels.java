package io.castellan.invocation.execution;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A cancel asked for on another server: each second, the invocations executing here are looked up
 * for a cancel flag, and those in a model or tool call are interrupted. (A cancel asked here
 * interrupts at once, after its commit; the flag itself is found by the next step either way.)
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RemoteCancels {

    private static final Logger LOG = Logger.getLogger(RemoteCancels.class.getName());

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Executions executions;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void interruptCancelled() {
        Set<String> here = executions.ids();
        if (here.isEmpty()) {
            return;
        }
        try {
            em.createQuery("select i.id from Invocation i where i.id in :ids and i.cancelRequested = true", String.class)
                    .setParameter("ids", here).getResultList()
                    .forEach(executions::interrupt);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Cancels: could not look for cancelled invocations now", e);
        }
    }
}

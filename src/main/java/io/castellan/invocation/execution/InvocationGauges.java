package io.castellan.invocation.execution;

import io.castellan.invocation.InvocationStatus;
import io.castellan.platform.TimerSeconds;
import io.castellan.telemetry.Metrics;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every five seconds, the gauges a metrics reader sees: invocations executing here, and waiting
 * and queued in the whole fleet (two counts on the status index). A reader's own thread, such as
 * the OTLP exporter's, has no database to ask, so it reads these.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class InvocationGauges {

    private static final Logger LOG = Logger.getLogger(InvocationGauges.class.getName());

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Executions executions;

    @Inject
    private Metrics metrics;

    @Schedule(second = TimerSeconds.EVERY_5, minute = "*", hour = "*", persistent = false)
    void refresh() {
        try {
            metrics.gauges(executions.ids().size(), count(InvocationStatus.WAITING), count(InvocationStatus.QUEUED));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Gauges: could not count invocations now", e);
        }
    }

    private long count(InvocationStatus status) {
        return em.createQuery("select count(i) from Invocation i where i.status = " + status.jpql(), Long.class).getSingleResult();
    }
}

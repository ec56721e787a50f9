package io.castellan.invocation.wait;

import io.castellan.invocation.execution.Executions;
import io.castellan.platform.TimerSeconds;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every two seconds, ends the approval requests nobody decided in time, as their
 * {@code on_timeout} says. One timer over an indexed table, like the time waits'; every server
 * runs it, and the row locks let one of them end each request.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ApprovalTimer {

    private static final Logger LOG = Logger.getLogger(ApprovalTimer.class.getName());

    @Inject
    private Approvals approvals;

    @Inject
    private Executions executions;

    @Schedule(second = TimerSeconds.EVERY_2, minute = "*", hour = "*", persistent = false)
    void expireDue() {
        if (executions.draining()) {
            return;
        }
        try {
            while (approvals.expireDue(Instant.now()) == Approvals.BATCH) {
                LOG.fine("More approval requests have expired");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ending expired approval requests failed; trying again in 2 s: {0}", e.getMessage());
        }
    }
}

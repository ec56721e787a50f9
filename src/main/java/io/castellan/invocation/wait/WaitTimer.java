package io.castellan.invocation.wait;

import io.castellan.invocation.execution.Executions;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every second, resolves the time waits that are due and wakes their invocations. One timer over
 * an indexed table, not a timer per wait: a thousand waiting invocations cost a thousand rows.
 * Every server runs it; the row locks let one of them take each wait.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WaitTimer {

    private static final Logger LOG = Logger.getLogger(WaitTimer.class.getName());

    @Inject
    private Waits waits;

    @Inject
    private Executions executions;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void wakeDue() {
        if (executions.draining()) {
            return;
        }
        try {
            // a full batch means more are due: go on at once rather than a second later
            while (waits.wakeDue(Instant.now()) == Waits.BATCH) {
                LOG.fine("More durable waits are due");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Waking due invocations failed; trying again in a second: {0}", e.getMessage());
        }
    }
}

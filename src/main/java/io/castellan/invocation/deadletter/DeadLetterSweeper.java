package io.castellan.invocation.deadletter;

import io.castellan.invocation.intake.TriggerMessage;
import io.castellan.platform.TimerSeconds;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends the invocations whose trigger messages the broker moved to the dead-letter queue (their
 * consumer failed on every delivery), so that their processes go on with their other triggers.
 * The messages stay in the queue for an operator to replay or delete.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeadLetterSweeper {

    private static final Logger LOG = Logger.getLogger(DeadLetterSweeper.class.getName());

    @Inject
    private DeadLetterQueue queue;

    @Inject
    private DeadLetteredInvocations deadLettered;

    @Schedule(second = TimerSeconds.EVERY_10, minute = "*", hour = "*", persistent = false)
    void sweep() {
        try {
            queue.browse(1000, m -> {
                try {
                    return m.propertyExists(TriggerMessage.INVOCATION_PROPERTY) ? m.getStringProperty(TriggerMessage.INVOCATION_PROPERTY) : null;
                } catch (JMSException e) {
                    return null;
                }
            }).stream().filter(Objects::nonNull).forEach(id -> {
                if (deadLettered.fail(id, "dead-lettered: its trigger message failed on every delivery; see /api/v1/dead-letters")) {
                    LOG.warning(() -> "Invocation " + id + " failed: its trigger message is in castellan.triggers.dlq");
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sweeping the dead-letter queue failed; trying again in 10 s: {0}", e.getMessage());
        }
    }
}

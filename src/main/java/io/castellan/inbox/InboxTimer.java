package io.castellan.inbox;

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
 * Every ten seconds, expires the inbox messages whose time to live ran out before a turn took
 * them, each journaled {@code INBOX_EXPIRED} (a turn drops the ones it finds expired too).
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class InboxTimer {

    private static final Logger LOG = Logger.getLogger(InboxTimer.class.getName());

    @Inject
    private Inbox inbox;

    @Schedule(second = TimerSeconds.EVERY_10, minute = "*", hour = "*", persistent = false)
    void expireDue() {
        Instant now = Instant.now();
        try {
            for (String process : inbox.withExpired(now)) {
                inbox.expireOf(process, now);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Expiring inbox messages failed; trying again in 10 s: {0}", e.getMessage());
        }
    }
}

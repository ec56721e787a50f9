package io.castellan.invocation.execution;

import io.castellan.cluster.Leases;
import io.castellan.platform.TimerSeconds;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every five seconds, on every server that holds its lease: the invocations of servers whose
 * lease has expired are taken over (they resume here or on another live server, from their
 * journal), and what such a server may have left without a wake-up is woken again; then its
 * lease is forgotten. A dead server that comes back finds its invocations gone to others.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Takeover {

    private static final Logger LOG = Logger.getLogger(Takeover.class.getName());

    @Inject
    private Leases leases;

    @Inject
    private Recovery recovery;

    @Schedule(second = TimerSeconds.EVERY_5, minute = "*", hour = "*", persistent = false)
    void takeOverFromTheDead() {
        if (!leases.holding()) {
            // cut off itself: this server may be the one the others find dead
            return;
        }
        try {
            List<String> dead = leases.expired();
            int taken = 0;
            for (String id : recovery.orphans(leases.alive())) {
                taken += recovery.takeOver(id) ? 1 : 0;
            }
            if (!dead.isEmpty()) {
                int woken = recovery.resend();
                dead.forEach(leases::forgetExpired);
                int invocations = taken;
                LOG.info(() -> "Takeover: the lease of " + dead + " expired; took over " + invocations + " running invocation(s), woke "
                        + woken + " more");
            } else if (taken > 0) {
                int invocations = taken;
                LOG.info(() -> "Takeover: took over " + invocations + " running invocation(s) of servers without a lease");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Takeover: could not look for dead servers now: {0}", e.getMessage());
        }
    }
}

package io.castellan.cluster;

import io.castellan.platform.TimerSeconds;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Renews this server's lease at start and every two seconds (see {@link Leases}). */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LeaseHeartbeat {

    private static final Logger LOG = Logger.getLogger(LeaseHeartbeat.class.getName());

    @Inject
    private Leases leases;

    /** Whether the last renewal failed, so an outage is logged once, not every two seconds. */
    private volatile boolean failing;

    @PostConstruct
    void start() {
        try {
            leases.renew(true);
            LOG.info(() -> "Lease: " + ThisServer.NAME + " holds its lease (" + leases.length().toSeconds() + " s)");
        } catch (RuntimeException e) {
            failing = true;
            LOG.log(Level.WARNING, "Lease: cannot take this server''s lease yet: {0}", e.getMessage());
        }
    }

    @Schedule(second = TimerSeconds.EVERY_2, minute = "*", hour = "*", persistent = false)
    void renew() {
        try {
            leases.renew(false);
            if (failing) {
                failing = false;
                LOG.info("Lease: renewed again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "Lease: cannot renew this server''s lease; other servers take over its invocations once it expires: {0}",
                        e.getMessage());
            }
        }
    }
}

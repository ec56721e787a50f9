package io.castellan.invocation.execution;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Wakes this server's unfinished invocations once the schema and the broker are up. */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "EmbeddedBroker"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StartupRecovery {

    private static final Logger LOG = Logger.getLogger(StartupRecovery.class.getName());

    @Inject
    private Recovery recovery;

    @PostConstruct
    void recover() {
        try {
            int woken = recovery.recover();
            LOG.info(() -> "Recovery: woke " + woken + " unfinished invocation(s) or waiting process(es)");
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Recovery of unfinished invocations failed; they run when their triggers are redelivered", e);
        }
    }
}

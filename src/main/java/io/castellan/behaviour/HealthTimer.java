package io.castellan.behaviour;

import io.castellan.cluster.ClusterJobs;
import io.castellan.platform.TimerSeconds;
import io.castellan.process.AgentProcess;
import io.castellan.process.ManifestSieve;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The periodic health check: every 30 seconds each running process with health checks is checked
 * over its journal, so a detector that needs history across invocations, or one whose last step
 * came before a restart, still fires. Every server's timer asks; one server of the fleet does the
 * check each period ({@link ClusterJobs}), another one as soon as that one is gone.
 */
@Singleton
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HealthTimer {

    static final Duration EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(HealthTimer.class.getName());

    @Inject
    private Processes processes;

    @Inject
    private ProcessHealthCheck check;

    @Inject
    private ClusterJobs jobs;

    @Schedule(second = TimerSeconds.EVERY_5, minute = "*", hour = "*", persistent = false)
    void checkAllWhenDue() {
        try {
            if (jobs.take("health", EVERY)) {
                checkAll();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Health check: not this server's turn, or the database is away", e);
        }
    }

    /**
     * The running processes whose manifests may ask for health checks ({@link ManifestSieve}): most
     * do not, and the first period after a fleet's start parsed every manifest, beside the start.
     */
    private void checkAll() {
        for (AgentProcess process : processes.mentioning("health")) {
            if (process.state() == ProcessState.RUNNING) {
                try {
                    if (watched(process)) {
                        check.run(process.name());
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Health check of {0} failed: {1}", new Object[]{process.name(), e.getMessage()});
                }
            }
        }
    }

    /** Whether the process's manifest asks for health checks (the cached manifest, no transaction). */
    private boolean watched(AgentProcess process) {
        return processes.manifest(process.name(), process.version()).health().enabled();
    }
}

package io.castellan.behaviour;

import io.castellan.cluster.ClusterJobs;
import io.castellan.platform.TimerSeconds;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
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
    private static final int PAGE = 200;

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

    private void checkAll() {
        String after = null;
        List<AgentProcess> page;
        do {
            page = processes.list(after, PAGE);
            for (AgentProcess process : page) {
                if (process.state() == ProcessState.RUNNING) {
                    try {
                        if (watched(process)) {
                            check.run(process.name());
                        }
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Health check of {0} failed: {1}", new Object[]{process.name(), e.getMessage()});
                    }
                }
                after = process.name();
            }
        } while (page.size() == PAGE);
    }

    /**
     * Whether the process's manifest asks for health checks (the cached manifest, no transaction):
     * most processes do not, and a fleet of thousands opened a transaction for each of them every
     * period to find that out.
     */
    private boolean watched(AgentProcess process) {
        return processes.manifest(process.name(), process.version()).health().enabled();
    }
}

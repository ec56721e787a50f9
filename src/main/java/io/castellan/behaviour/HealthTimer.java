package io.castellan.behaviour;

import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The periodic health check, a persistent timer (in a cluster it fires on one server): every 30
 * seconds each running process with health checks is checked over its journal, so a detector that
 * needs history across invocations, or one whose last step came before a restart, still fires.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HealthTimer {

    private static final Logger LOG = Logger.getLogger(HealthTimer.class.getName());
    private static final int PAGE = 200;

    @Inject
    private Processes processes;

    @Inject
    private ProcessHealthCheck check;

    @Schedule(second = "*/30", minute = "*", hour = "*", info = "castellan: behavioural health")
    void checkAll() {
        String after = null;
        List<AgentProcess> page;
        do {
            page = processes.list(after, PAGE);
            for (AgentProcess process : page) {
                if (process.state() == ProcessState.RUNNING) {
                    try {
                        check.run(process.name());
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Health check of {0} failed: {1}", new Object[]{process.name(), e.getMessage()});
                    }
                }
                after = process.name();
            }
        } while (page.size() == PAGE);
    }
}

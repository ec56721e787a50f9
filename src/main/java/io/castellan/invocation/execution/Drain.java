package io.castellan.invocation.execution;

import io.castellan.cluster.Leases;
import io.castellan.platform.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A graceful stop. Invocations run on their own threads, so Liberty's quiesce stage (which waits
 * only for the message consumers) does not wait for them: when the application stops, this
 * singleton stops new invocations from starting, gives those running up to
 * {@code castellan.drain.seconds} (default 20) to finish, and then suspends what still runs at
 * its next step boundary, interrupting a model or tool call in flight, journaled
 * {@code INVOCATION_SUSPENDED}; it stays RUNNING on this server and resumes from its journal at
 * the next start. Invocations in a durable wait hold no thread and are not touched.
 */
@Singleton
@Startup
// stopped before the embedded broker: what finishes while it drains still sends its wake-ups and messages
@DependsOn("EmbeddedBroker")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    private static final Duration SUSPEND_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MS = 100;

    @Inject
    private Executions executions;

    @Inject
    private Leases leases;

    @PostConstruct
    void start() {
        executions.reset();
    }

    @PreDestroy
    void stop() {
        suspendWhatStillRuns();
        try {
            // other servers take over what is left suspended at once, without waiting for the lease to expire
            leases.release();
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Stopping: the lease could not be given up; it expires on its own: {0}", e.getMessage());
        }
    }

    private void suspendWhatStillRuns() {
        executions.startDraining();
        int running = executions.count();
        if (running == 0) {
            LOG.info("Stopping: no invocation is running");
            return;
        }
        Duration grace = Duration.ofSeconds(Long.parseLong(ServerSettings.get("castellan/drain/seconds", "20")));
        LOG.info(() -> "Stopping: waiting up to " + grace.toSeconds() + " s for " + running + " running invocation(s) to finish");
        if (awaitNoneRunning(grace)) {
            LOG.info("Stopping: every running invocation finished");
            return;
        }
        LOG.info(() -> "Stopping: suspending " + executions.count() + " invocation(s) still running");
        executions.suspendAll();
        awaitNoneRunning(SUSPEND_WAIT);
        int left = executions.count();
        if (left > 0) {
            LOG.warning(() -> left + " invocation(s) did not reach a step boundary; they resume from their journal at the next start");
        } else {
            LOG.info("Stopping: every running invocation is suspended");
        }
    }

    private boolean awaitNoneRunning(Duration atMost) {
        long until = System.nanoTime() + atMost.toNanos();
        while (executions.count() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return executions.count() == 0;
    }
}

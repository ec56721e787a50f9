package io.castellan.invocation;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The end of a graceful stop. Liberty's quiesce stage comes first: it stops the message endpoint
 * (no invocation starts) and waits up to 30 s for the ones running to finish. When the application
 * then stops, this singleton suspends whatever still runs at its next step boundary, interrupting
 * a model or tool call in flight, journaled {@code INVOCATION_SUSPENDED}; it stays RUNNING on this
 * server and resumes from its journal at the next start.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    private static final Duration SUSPEND_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MS = 100;

    @Inject
    private Executions executions;

    @PostConstruct
    void start() {
        executions.reset();
    }

    @PreDestroy
    void suspendWhatStillRuns() {
        executions.startDraining();
        int running = executions.count();
        if (running == 0) {
            LOG.info("Stopping: no invocation is running");
            return;
        }
        LOG.info(() -> "Stopping: suspending " + running + " invocation(s) still running after the quiesce stage");
        executions.suspendAll();
        long until = System.nanoTime() + SUSPEND_WAIT.toNanos();
        while (executions.count() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = executions.count();
        if (left > 0) {
            LOG.warning(() -> left + " invocation(s) did not reach a step boundary; they resume from their journal at the next start");
        } else {
            LOG.info("Stopping: every running invocation is suspended");
        }
    }
}

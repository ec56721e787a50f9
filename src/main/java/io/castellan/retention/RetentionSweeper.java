package io.castellan.retention;

import io.castellan.event.Events;
import io.castellan.invocation.execution.Executions;
import io.castellan.platform.TimerSeconds;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Applies retention every {@code castellan.retention.sweep.seconds} (an hour by default): each
 * process by its manifest's {@code retention.keep}, else the server's {@code castellan.retention.keep},
 * and the audit log by {@code castellan.audit.retention.keep}. The events a process published go
 * with its keep; those published through the API with the server's. A non-persistent timer on every
 * server: a sweep deletes whatever is older than its cutoff, so a sweep missed while the server was
 * down needs no catch-up, and two servers sweeping at once delete each row once.
 */
@Singleton
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class.getName());
    private static final int PAGE = 500;

    @Inject
    private Retention retention;

    @Inject
    private Processes processes;

    @Inject
    private Executions executions;

    @Inject
    private Events events;

    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile Instant lastSweep = Instant.EPOCH;

    @Schedule(second = TimerSeconds.EVERY_5, minute = "*", hour = "*", persistent = false)
    void tick() {
        Instant now = Instant.now();
        if (executions.draining() || Duration.between(lastSweep, now).compareTo(RetentionSettings.sweepEvery()) < 0
                || !sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            lastSweep = now;
            sweep(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The retention sweep failed; it runs again at its next time: {0}", e.getMessage());
        } finally {
            sweeping.set(false);
        }
    }

    private void sweep(Instant now) {
        Duration serverKeep = RetentionSettings.processes();
        // only a manifest that may say retention is parsed (ManifestSieve): the first sweep after a
        // fleet's start parsed every one, beside the start; without a server keep only those are swept
        List<AgentProcess> ownKeep = processes.mentioning("retention");
        long deleted = 0;
        if (serverKeep == null) {
            for (AgentProcess process : ownKeep) {
                deleted += sweepOrWarn(process, true, null, now);
            }
        } else {
            Set<String> mayKeepOwn = ownKeep.stream().map(AgentProcess::name).collect(Collectors.toSet());
            String after = null;
            List<AgentProcess> page;
            do {
                page = processes.list(after, PAGE);
                for (AgentProcess process : page) {
                    deleted += sweepOrWarn(process, mayKeepOwn.contains(process.name()), serverKeep, now);
                }
                after = page.isEmpty() ? null : page.get(page.size() - 1).name();
            } while (page.size() == PAGE);
            deleted += drain(() -> events.expire(null, now.minus(serverKeep), Retention.BATCH));
        }
        Duration auditKeep = RetentionSettings.audit();
        if (auditKeep != null) {
            deleted += drain(() -> retention.audit(now.minus(auditKeep)));
        }
        long count = deleted;
        LOG.fine(() -> "Retention sweep: " + count + " row(s) deleted");
    }

    private long sweepOrWarn(AgentProcess process, boolean mayKeepOwn, Duration serverKeep, Instant now) {
        try {
            return sweep(process, mayKeepOwn, serverKeep, now);
        } catch (RuntimeException e) {
            // one process (a stored manifest that cannot be read, a lock held too long) must not stop the others
            LOG.log(Level.WARNING, "Retention of process {0} failed; it is tried again at the next sweep: {1}",
                    new Object[]{process.name(), e.getMessage()});
            return 0;
        }
    }

    private long sweep(AgentProcess process, boolean mayKeepOwn, Duration serverKeep, Instant now) {
        Duration manifestKeep = mayKeepOwn ? processes.manifest(process.name(), process.version()).retention() : null;
        Duration keep = manifestKeep != null ? manifestKeep : serverKeep;
        if (keep == null) {
            return 0;
        }
        Instant cutoff = now.minus(keep);
        return drain(() -> retention.invocations(process.name(), cutoff))
                + drain(() -> retention.processEntries(process.name(), cutoff))
                + drain(() -> retention.conversation(process.name(), cutoff))
                + drain(() -> events.expire(process.name(), cutoff, Retention.BATCH));
    }

    /** Batches until one comes back short. */
    private static long drain(IntSupplier batch) {
        long total = 0;
        int n;
        do {
            n = batch.getAsInt();
            total += n;
        } while (n == Retention.BATCH);
        return total;
    }
}

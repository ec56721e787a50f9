package io.castellan.invocation.execution;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest.RestartPolicy;
import io.castellan.manifest.Manifest;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessAlarm;
import io.castellan.process.ProcessAlarms;
import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessLocks;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * The restart policy. When too many invocations in a row failed and the process went
 * {@code FAILED}, a process alarm (it survives restarts) brings it back to {@code RUNNING} after
 * an exponential backoff: {@code restart_backoff}, doubled for each restart in a row, at most an
 * hour. {@code on_failure} gives up after {@code max_restarts} restarts in a row; {@code always}
 * never does. A completed invocation resets the count. Every step is journaled.
 */
@ApplicationScoped
public class Supervisor {

    static final String ACTOR = "castellan: restart policy";
    private static final Duration LONGEST_BACKOFF = Duration.ofHours(1);
    private static final Logger LOG = Logger.getLogger(Supervisor.class.getName());

    static final String ALARM = "restart";

    @Inject
    private ProcessAlarms alarms;

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Journal journal;

    /** In the transaction that failed the process, so the timer exists exactly when the failure does. */
    public void follow(@Observes ProcessEvent event) {
        if (event.kind() != ProcessEvent.Kind.STATE_CHANGED || event.to() != ProcessState.FAILED || event.manifest() == null) {
            return;
        }
        Manifest manifest = event.manifest();
        if (manifest.restartPolicy() == RestartPolicy.NEVER) {
            return;
        }
        AgentProcess process = processLocks.lock(event.process());
        if (process.stateReason() != null) {
            // failed on purpose (a mission that timed out), not by failing invocations: not restarted
            return;
        }
        if (manifest.restartPolicy() == RestartPolicy.ON_FAILURE && process.restarts() >= manifest.maxRestarts()) {
            journal.append(process.name(), JournalType.PROCESS_RESTART_SCHEDULED, null,
                    Json.object().put("gave_up", true).put("restarts", process.restarts()).put("policy", "on_failure"));
            return;
        }
        int restart = process.countRestart();
        Duration wait = backoff(manifest.restartBackoff(), restart);
        alarms.set(ALARM, process.name(), Instant.now().plus(wait), Integer.toString(restart));
        journal.append(process.name(), JournalType.PROCESS_RESTART_SCHEDULED, null, Json.object().put("restart", restart)
                .put("in_ms", wait.toMillis()).put("policy", manifest.restartPolicy().name().toLowerCase()));
    }

    static Duration backoff(Duration first, int restart) {
        Duration wait = first.multipliedBy(1L << Math.min(restart - 1, 20));
        return wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait;
    }

    void restart(@Observes ProcessAlarm.Rang rang) {
        if (!ALARM.equals(rang.kind())) {
            return;
        }
        String restart = rang.data();
        processLocks.lockIfPresent(rang.process()).ifPresent(process -> {
            if (process.state() == ProcessState.FAILED) {
                processes.changeState(process, ProcessState.RUNNING, ACTOR + " (restart " + restart + ")");
                LOG.info(() -> "Restarted process " + process.name() + " (restart " + restart + ")");
            }
        });
    }
}

package io.castellan.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.escalation.Escalations;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.journal.JournalType;
import io.castellan.manifest.HealthChecks;
import io.castellan.manifest.Manifest;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import io.castellan.telemetry.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a process's health detectors over its journal and acts on what they find: the alert is
 * journaled with its evidence and {@code on_unhealthy} is carried out. Evidence is used once: the
 * next check looks only at what the process did after the last alert's evidence.
 */
@ApplicationScoped
public class HealthWatch {

    /** The start of the state reason, and of a failed invocation's reason, when health acted. */
    public static final String REASON_PREFIX = "health: ";
    private static final Set<JournalType> OBSERVED = Set.of(JournalType.TOOL_RESULT, JournalType.TOOL_ERROR, JournalType.INVOCATION_COMPLETED);

    @Inject
    private Metrics metrics;

    @Inject
    private Journal journal;

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Escalations escalations;

    /** disabled (no health block), unhealthy (health paused or stopped it and nobody has changed that since) or healthy. */
    public static String status(HealthChecks checks, AgentProcess process) {
        if (!checks.enabled()) {
            return "disabled";
        }
        return process.stateReason() != null && process.stateReason().startsWith(REASON_PREFIX) ? "unhealthy" : "healthy";
    }

    /**
     * Checks the process in the caller's transaction, after a step of one of its invocations (or,
     * with a null invocation, from the periodic timer).
     *
     * @return the reason the running invocation should end with, when a detector fired and
     *         {@code on_unhealthy} acts on the process
     */
    @Transactional(TxType.MANDATORY)
    public Optional<String> check(String process, Manifest manifest, String invocationId) {
        HealthChecks checks = manifest.health();
        if (!checks.enabled()) {
            return Optional.empty();
        }
        AgentProcess locked = processLocks.lock(process);
        Optional<Detection> found = Detectors.detect(checks, observations(process, checks));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Detection detection = found.get();
        act(locked, manifest, invocationId, detection);
        return Optional.of(REASON_PREFIX + detection.detector() + ": " + detection.description());
    }

    private List<Observation> observations(String process, HealthChecks checks) {
        long after = lastAlert(process).map(a -> a.data().path("last_seq").asLong(0)).orElse(0L);
        int enough = Math.max(Math.max(checks.stuckThreshold(), 4 * Detectors.LOOP_REPEATS), checks.errorRateWindow()) + checks.emptyResponseThreshold();
        return journal.latest(process, after, OBSERVED, Math.min(2 * enough, 5000)).stream().map(HealthWatch::observation).toList();
    }

    Optional<JournalEntry> lastAlert(String process) {
        List<JournalEntry> last = journal.latest(process, 0, Set.of(JournalType.HEALTH_ALERT), 1);
        return last.isEmpty() ? Optional.empty() : Optional.of(last.get(0));
    }

    private static Observation observation(JournalEntry entry) {
        JsonNode data = entry.data();
        if (entry.type() == JournalType.INVOCATION_COMPLETED) {
            return Observation.reply(entry.seq(), entry.invocationId(), data.path("reply").asText(""));
        }
        return Observation.toolCall(entry.seq(), entry.invocationId(), data.path("tool").asText(), data.path("args"),
                entry.type() == JournalType.TOOL_ERROR);
    }

    private void act(AgentProcess process, Manifest manifest, String invocationId, Detection detection) {
        HealthChecks.OnUnhealthy action = manifest.health().onUnhealthy();
        ObjectNode data = Json.object().put("detector", detection.detector()).put("description", detection.description())
                .put("last_seq", detection.lastSeq()).put("action", action.name().toLowerCase());
        ArrayNode evidence = data.putArray("evidence");
        for (Observation o : detection.evidence()) {
            ObjectNode item = evidence.addObject().put("seq", o.seq()).put("invocation", o.invocationId());
            if (o.isToolCall()) {
                item.put("tool", o.tool()).put("failed", o.failed()).set("args", o.args());
            } else {
                item.put("reply", o.reply());
            }
        }
        if (action == HealthChecks.OnUnhealthy.ESCALATE && manifest.budget().escalation() != null) {
            data.put("notice", escalations.notify(process.name(), manifest.budget().escalation(), "health_alert", data.deepCopy()));
        }
        journal.append(process.name(), JournalType.HEALTH_ALERT, invocationId, data);
        metrics.healthAlert(process.name(), detection.detector());
        String reason = REASON_PREFIX + detection.detector();
        String actor = "castellan: health (" + detection.detector() + ")";
        // restart: the running invocation ends, the process stays RUNNING and its next trigger starts afresh
        if (action != HealthChecks.OnUnhealthy.RESTART) {
            processes.changeStateIfAllowed(process, action == HealthChecks.OnUnhealthy.STOP ? ProcessState.STOPPED : ProcessState.PAUSED,
                    actor, reason);
        }
    }
}

package io.castellan.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.journal.JournalType;
import io.castellan.manifest.HealthChecks;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** A process's behavioural health: its checks, whether health has acted on it, and its latest alerts. */
@Path("processes/{name}/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    static final int ALERTS_SHOWN = 20;

    public record Checks(int stuck_threshold, boolean loop_detection, int empty_response_threshold, int error_rate_window,
                         double error_rate_threshold, String on_unhealthy) {
    }

    public record Alert(long seq, Instant at, String invocation, JsonNode details) {
    }

    /**
     * @param status  disabled (no health block), unhealthy (health paused or stopped the process and
     *                nobody has changed that since) or healthy
     */
    /** Alerts newest first. */
    public record HealthView(String process, String status, String state, String state_reason, Checks checks, List<Alert> alerts) {
    }

    @Inject
    private Processes processes;

    @Inject
    private Journal journal;

    @GET
    @Allowed(Role.VIEWER)
    public HealthView health(@PathParam("name") String name) {
        AgentProcess process = processes.require(name);
        HealthChecks checks = processes.manifest(name, process.version()).health();
        List<JournalEntry> latest = journal.latest(name, 0, Set.of(JournalType.HEALTH_ALERT), ALERTS_SHOWN);
        List<Alert> alerts = new ArrayList<>(latest.stream().map(e -> new Alert(e.seq(), e.at(), e.invocationId(), e.data())).toList());
        Collections.reverse(alerts);
        return new HealthView(name, HealthWatch.status(checks, process), process.state().name(), process.stateReason(),
                checks.enabled() ? new Checks(checks.stuckThreshold(), checks.loopDetection(), checks.emptyResponseThreshold(),
                        checks.errorRateWindow(), checks.errorRateThreshold(), checks.onUnhealthy().name().toLowerCase()) : null,
                alerts);
    }
}

package io.castellan.mission;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.manifest.Mission;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;

/** A process's mission: its objective, where it stands and its last evaluation. */
@Path("processes/{name}/mission")
@Produces(MediaType.APPLICATION_JSON)
public class MissionResource {

    /**
     * @param status     active, complete, stuck or timed_out
     * @param deadline   when max_duration ends it; null without one
     */
    public record MissionView(String process, String objective, String success_criteria, String status, Instant started_at,
                              Instant deadline, int invocations, Integer max_invocations, int check_interval,
                              double confidence_threshold, int evaluations, JsonNode last_evaluation,
                              String on_complete, String on_stuck, String on_timeout) {
    }

    @Inject
    private Processes processes;

    @Inject
    private Missions missions;

    @GET
    @Allowed(Role.VIEWER)
    public MissionView mission(@PathParam("name") String name) {
        AgentProcess process = processes.require(name);
        Mission mission = processes.manifest(name, process.version()).missionSpec()
                .orElseThrow(() -> ProblemException.notFound("mission of process '" + name + "' (its manifest has none)"));
        MissionRun run = missions.run(name).orElseThrow(() -> ProblemException.notFound("mission of process '" + name + "'"));
        Duration most = mission.maxDuration();
        return new MissionView(name, mission.objective(), mission.successCriteria(), run.status().name().toLowerCase(),
                run.startedAt(), most == null ? null : run.startedAt().plus(most), run.invocations(), mission.maxInvocations(),
                mission.checkInterval(), mission.confidenceThreshold(), run.evaluations(), run.lastEvaluation(),
                mission.onComplete().name().toLowerCase(), mission.onStuck().name().toLowerCase(), mission.onTimeout().name().toLowerCase());
    }
}

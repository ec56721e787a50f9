package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.castellan.conversation.ConversationTurn;
import io.castellan.conversation.Conversations;
import io.castellan.invocation.execution.Executions;
import io.castellan.invocation.execution.RunStart;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.Mission;
import io.castellan.manifest.MissionEvaluationShape;
import io.castellan.mission.Missions;
import io.castellan.model.ModelException;
import io.castellan.model.ModelRequest;
import io.castellan.model.ModelResponse;
import io.castellan.model.Models;
import io.castellan.platform.Json;
import io.castellan.process.Processes;
import io.castellan.state.States;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Evaluates a process's mission with a model call whose answer must be
 * {@code {achieved, progress, confidence, reasoning}} (the scripted model answers from the
 * manifest's {@code mission.evaluations}). An answer that is not valid, or a call that fails,
 * counts as an evaluation with no confidence: the mission is treated as stuck.
 */
@ApplicationScoped
class MissionEvaluation {

    static final int EVALUATION_TURN = -2;
    static final int RECENT_TURNS = 6;
    static final String INSTRUCTIONS = """
            You judge whether an autonomous agent has achieved its mission. Read the mission, its success
            criteria, the agent's durable state and its latest exchanges, then answer with one JSON object
            and nothing else, matching this JSON schema:
            """;

    @Inject
    private Models models;

    @Inject
    private States states;

    @Inject
    private Conversations conversations;

    @Inject
    private ModelSteps modelSteps;

    @Inject
    private Processes processes;

    @Inject
    private Missions missions;

    @Inject
    private Executions executions;

    /** After an invocation ended: every check_interval invocations the mission is evaluated, unless the server is stopping. */
    void evaluateIfDue(RunStart run) {
        if (executions.mustSuspend(run.invocationId())) {
            return;
        }
        Manifest manifest = processes.manifest(run.process(), run.version());
        missions.evaluationDue(run.process(), manifest).ifPresent(number -> evaluate(run, manifest, number));
    }

    void evaluate(RunStart run, Manifest manifest, int number) {
        Mission mission = manifest.missionSpec().orElseThrow();
        if (manifest.isScripted()) {
            List<JsonNode> answers = mission.evaluations();
            modelSteps.missionEvaluated(run, manifest, number, answers.get(Math.min(number, answers.size() - 1)), null, null);
            return;
        }
        ModelRequest request = new ModelRequest(run.invocationId(), EVALUATION_TURN, manifest, Json.object(),
                List.of(SystemMessage.from(INSTRUCTIONS + MissionEvaluationShape.SCHEMA), UserMessage.from(question(run, mission))), List.of());
        ModelResponse response = null;
        String problem;
        JsonNode answer = null;
        try {
            response = models.forManifest(manifest).respond(request);
            answer = parse(response.reply());
            problem = answer == null ? "the evaluation's answer is not a JSON object" : MissionEvaluationShape.problem(answer);
        } catch (ModelException e) {
            problem = "the evaluation call failed: " + e.getMessage();
        }
        if (problem != null) {
            answer = Json.object().put("achieved", false).put("progress", 0).put("confidence", 0).put("reasoning", problem);
        }
        modelSteps.missionEvaluated(run, manifest, number, answer, problem, response == null ? null : response.usage());
    }

    private String question(RunStart run, Mission mission) {
        StringBuilder text = new StringBuilder("Mission: ").append(mission.objective())
                .append("\nSuccess criteria: ").append(mission.successCriteria())
                .append("\n\nState of the agent:\n").append(Json.write(states.snapshot(run.process())))
                .append("\n\nLatest exchanges:");
        List<ConversationTurn> history = conversations.of(run.process());
        for (ConversationTurn turn : history.subList(Math.max(0, history.size() - RECENT_TURNS), history.size())) {
            text.append("\n[").append(turn.role().name().toLowerCase()).append("] ").append(turn.content());
        }
        return text.toString();
    }

    /** The JSON object in an answer, also when a model wraps it in a code fence; null when there is none. */
    static JsonNode parse(String reply) {
        if (reply == null) {
            return null;
        }
        int start = reply.indexOf('{');
        int end = reply.lastIndexOf('}');
        if (start < 0 || end < start) {
            return null;
        }
        try {
            JsonNode node = Json.read(reply.substring(start, end + 1));
            return node instanceof ObjectNode ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}

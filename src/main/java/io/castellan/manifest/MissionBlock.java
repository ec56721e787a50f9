package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a manifest's {@code mission} block. */
final class MissionBlock {

    private static final Set<String> FIELDS = Set.of("objective", "success_criteria", "check_interval", "confidence_threshold",
            "max_invocations", "max_duration", "on_complete", "on_stuck", "on_timeout", "evaluations");

    private MissionBlock() {
    }

    /** @return null when the manifest has no mission */
    static Mission read(Fields manifest, String model, Budget budget) {
        Fields mission = manifest.block("mission", FIELDS);
        if (mission == null) {
            return null;
        }
        Mission.OnComplete onComplete = mission.choice("on_complete", Mission.OnComplete.class, Mission.OnComplete.STOP);
        Mission.OnStuck onStuck = mission.choice("on_stuck", Mission.OnStuck.class, Mission.OnStuck.PAUSE);
        if ((onComplete == Mission.OnComplete.NOTIFY || onStuck == Mission.OnStuck.ESCALATE) && budget.escalation() == null) {
            mission.error(onComplete == Mission.OnComplete.NOTIFY ? "on_complete" : "on_stuck",
                    "needs budget.escalation: {url, secret: ${NAME}}, where notices go");
        }
        return new Mission(
                mission.text("objective", true),
                mission.text("success_criteria", true),
                mission.integer("check_interval", 5, 1, 10_000),
                mission.fraction("confidence_threshold", 0.8),
                mission.optionalInteger("max_invocations", 1, 100_000_000),
                mission.duration("max_duration", null),
                onComplete,
                onStuck,
                mission.choice("on_timeout", Mission.OnTimeout.class, Mission.OnTimeout.FAIL),
                evaluations(mission, model));
    }

    private static List<JsonNode> evaluations(Fields mission, String model) {
        List<JsonNode> evaluations = new ArrayList<>();
        JsonNode list = mission.list("evaluations", "must be a list of {achieved, progress, confidence, reasoning}");
        if (list == null) {
            if ("scripted".equals(model)) {
                mission.error("evaluations", "is required for the scripted model: the answers its evaluations give, in order");
            }
            return evaluations;
        }
        if (!"scripted".equals(model)) {
            mission.error("evaluations", "is only for the scripted model; a provider model evaluates the mission itself");
        }
        for (int i = 0; i < list.size(); i++) {
            String problem = MissionEvaluationShape.problem(list.get(i));
            if (problem != null) {
                mission.error("evaluations[" + i + "]", problem);
            } else {
                evaluations.add(list.get(i));
            }
        }
        return List.copyOf(evaluations);
    }
}

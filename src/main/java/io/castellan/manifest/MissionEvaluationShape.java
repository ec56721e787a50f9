package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer a mission evaluation must give: {@code {achieved: boolean, progress: 0-1,
 * confidence: 0-1, reasoning: text}}.
 */
public final class MissionEvaluationShape {

    /** The JSON schema given to a provider model for its answer. */
    public static final String SCHEMA = """
            {"type": "object", "additionalProperties": false,
             "required": ["achieved", "progress", "confidence", "reasoning"],
             "properties": {
               "achieved": {"type": "boolean", "description": "whether the success criteria are met"},
               "progress": {"type": "number", "minimum": 0, "maximum": 1, "description": "how far the mission has come"},
               "confidence": {"type": "number", "minimum": 0, "maximum": 1, "description": "how sure this judgement is"},
               "reasoning": {"type": "string", "description": "why, in a few sentences"}}}
            """;

    private MissionEvaluationShape() {
    }

    /** What is wrong with an answer, or null when it has the shape. */
    public static String problem(JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            return "must be an object {achieved, progress, confidence, reasoning}";
        }
        if (!answer.path("achieved").isBoolean()) {
            return "achieved must be true or false";
        }
        for (String field : new String[] {"progress", "confidence"}) {
            JsonNode value = answer.path(field);
            if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
                return field + " must be a number from 0 to 1";
            }
        }
        if (!answer.path("reasoning").isTextual()) {
            return "reasoning must be text";
        }
        return null;
    }
}

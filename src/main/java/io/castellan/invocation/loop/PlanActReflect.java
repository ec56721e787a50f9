package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.model.ToolCall;
import io.castellan.platform.Json;
import io.castellan.tool.Toolset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code protocol: plan_act_reflect}: what the loop does differently. The first turn's reply is the
 * plan (journaled {@code PLAN}); a tool with side effects is called with the expected effect as an
 * extra argument, {@code expected_effect}, which the tool never sees and the journal keeps beside the
 * actual result ({@code FEEDBACK}); the act's final reply is followed by one more turn, a reflection
 * ({@code REFLECTION}), kept as a memory (tagged {@code reflection}) that later invocations recall.
 */
final class PlanActReflect {

    static final String EXPECTED = "expected_effect";
    static final int MOST_STEPS = 50;

    static final String PLAN_FIRST = "Protocol plan_act_reflect. First, plan: reply with only the steps you will take,"
            + " as a JSON array of short strings. Do not call tools yet.";
    static final String ACT = "Now carry out your plan. When you call a tool that changes anything outside, say in its "
            + EXPECTED + " argument what you expect it to do.";
    static final String REFLECT = "Before you finish, reflect in two or three sentences: what went as you expected, what did not,"
            + " and what you would do differently next time. This is kept for your later invocations.";

    private PlanActReflect() {
    }

    /** The plan in a reply: a JSON array of steps, or else its non-empty lines without bullets or numbers. */
    static List<String> plan(String reply) {
        List<String> steps = new ArrayList<>();
        String text = reply == null ? "" : reply.strip();
        JsonNode parsed = null;
        if (text.startsWith("[")) {
            try {
                parsed = Json.MAPPER.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // not JSON: read as lines below
            }
        }
        if (parsed != null && parsed.isArray()) {
            parsed.forEach(step -> steps.add(step.isTextual() ? step.asText() : Json.write(step)));
        } else {
            text.lines().map(l -> l.replaceFirst("^\\s*([-*•]|\\d+[.)])\\s*", "").strip()).filter(l -> !l.isEmpty()).forEach(steps::add);
        }
        return steps.size() > MOST_STEPS ? List.copyOf(steps.subList(0, MOST_STEPS)) : List.copyOf(steps);
    }

    /** The expectation a call states, or null. */
    static String expected(ToolCall call) {
        JsonNode expected = call.args() == null ? null : call.args().get(EXPECTED);
        return expected == null || expected.isNull() ? null : expected.asText();
    }

    /** The call as the tool receives it: without the expectation. */
    static ToolCall acting(ToolCall call) {
        if (call.args() == null || !call.args().isObject() || !call.args().has(EXPECTED)) {
            return call;
        }
        ObjectNode args = ((ObjectNode) call.args()).deepCopy();
        args.remove(EXPECTED);
        return new ToolCall(call.id(), call.tool(), args);
    }

    /** What the model reads of a step it stated an expectation for: the expectation beside the outcome. */
    static JsonNode beside(String expected, JsonNode outcome) {
        ObjectNode feedback = Json.object().put("expected_effect", expected);
        feedback.set("actual", outcome);
        return feedback;
    }

    /** The tools offered to a provider model: each with side effects asks for its expected effect. */
    static List<ToolSpecification> offered(Toolset toolset, List<ToolSpecification> specifications) {
        return specifications.stream().map(spec -> toolset.find(spec.name()).filter(t -> !t.transactional()).isPresent()
                ? withExpectation(spec) : spec).toList();
    }

    private static ToolSpecification withExpectation(ToolSpecification spec) {
        JsonObjectSchema parameters = spec.parameters() == null ? JsonObjectSchema.builder().build() : spec.parameters();
        JsonObjectSchema.Builder extended = JsonObjectSchema.builder().description(parameters.description())
                .addProperties(parameters.properties()).addStringProperty(EXPECTED, "what you expect this call to do");
        if (parameters.required() != null) {
            extended.required(parameters.required());
        }
        return ToolSpecification.builder().name(spec.name()).description(spec.description()).parameters(extended.build()).build();
    }
}

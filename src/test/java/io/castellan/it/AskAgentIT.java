package io.castellan.it;

import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalData;
import static io.castellan.it.Castellan.journalTypes;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ask_agent}: the asker waits durably for the asked process's reply, which comes back as
 * the tool's result, checked against a JSON Schema when one is given; a failed, non-conforming or
 * late answer is the step's error; cycles and chains deeper than five are refused.
 */
class AskAgentIT {

    private static final String RESULT_OR_ERROR =
            "{{#steps.0.result}}{{steps.0.result.answer}}{{/steps.0.result}}{{#steps.0.error}}error: {{steps.0.error}}{{/steps.0.error}}";

    private static String asked(String name, String script) {
        return """
                name: %s
                model: scripted
                tools: [wait, ask_agent]
                triggers:
                  - message:
                script:
                %s
                """.formatted(name, script);
    }

    private static String asker(String name, String args) {
        return """
                name: %s
                model: scripted
                tools: [ask_agent]
                script:
                  - {tool: ask_agent, args: %s}
                  - {reply: '%s'}
                """.formatted(name, args, RESULT_OR_ERROR);
    }

    private static String askOf(String asker) {
        return awaitEnded(invoke(asker, "{}")).getString("reply");
    }

    @Test
    void anAskedAgentsTypedAnswerIsTheToolsResult() {
        String counter = uniqueName("counter");
        deploy(asked(counter, "  - {reply: '{\"n\": 42, \"to\": \"{{trigger.payload.question}}\"}'}"));
        String asker = uniqueName("asker");
        deploy("""
                name: %s
                model: scripted
                tools: [ask_agent]
                script:
                  - tool: ask_agent
                    args: {to: %s, question: how many, timeout: 30s,
                           schema: {type: object, required: [n], properties: {n: {type: integer}}}}
                  - {reply: '{{steps.0.result.answer.n}} from {{steps.0.result.from}} for {{steps.0.result.answer.to}}'}
                """.formatted(asker, counter));
        String id = invoke(asker, "{}");
        JsonPath done = awaitEnded(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("42 from " + counter + " for how many");
        assertThat(journalTypes(asker, id)).containsSubsequence("TOOL_STARTED", "INVOCATION_WAITING", "INVOCATION_RESUMED", "TOOL_RESULT",
                "INVOCATION_COMPLETED");
        Map<String, Object> waiting = journalData(asker, "INVOCATION_WAITING").get(0);
        assertThat(waiting).containsEntry("kind", "answer");
        JsonPath askedInvocation = Castellan.invocation((String) waiting.get("asked"));
        assertThat(askedInvocation.getString("trigger.kind")).isEqualTo("ask");
        assertThat(askedInvocation.getString("trigger.payload.from")).isEqualTo(asker);
        assertThat(askedInvocation.getString("trigger.payload.question")).isEqualTo("how many");
    }

    @Test
    void anAnswerThatIsNotJsonOrDoesNotMatchOrFailsIsAnErrorTheAskerSees() {
        String schema = "{type: object, required: [n], properties: {n: {type: integer}}}";
        String prose = uniqueName("prose");
        deploy(asked(prose, "  - {reply: 'about forty'}"));
        String wrong = uniqueName("wrong");
        deploy(asked(wrong, "  - {reply: '{\"n\": \"forty\"}'}"));
        String failing = uniqueName("failing");
        deploy("""
                name: %s
                model: scripted
                tools: [wait]
                on_tool_error: fail
                triggers:
                  - message:
                script:
                  - {tool: wait, args: {}}
                  - {reply: never}
                """.formatted(failing));

        assertThat(askOf(deployed(asker(uniqueName("a1"), "{to: " + prose + ", question: q, schema: " + schema + "}"))))
                .startsWith("error: ").contains("is not JSON");
        assertThat(askOf(deployed(asker(uniqueName("a2"), "{to: " + wrong + ", question: q, schema: " + schema + "}"))))
                .startsWith("error: ").contains("does not match the schema");
        assertThat(askOf(deployed(asker(uniqueName("a3"), "{to: " + failing + ", question: q}"))))
                .startsWith("error: ").contains("failed before it answered");
    }

    @Test
    void noAnswerInTimeIsAToolErrorAndTheAskerGoesOn() {
        String slow = uniqueName("slow");
        deploy(asked(slow, "  - {tool: wait, args: {seconds: 8}}\n  - {reply: late}"));
        String asker = deployed(asker(uniqueName("impatient"), "{to: " + slow + ", question: q, timeout: 2s}"));
        JsonPath done = awaitEnded(invoke(asker, "{}"));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).startsWith("error: no answer by");
    }

    @Test
    void aCycleIsRefusedAndSoIsAChainDeeperThanFive() {
        // a asks b, and b asks a back while a waits: b's ask fails, and b answers with that error
        String a = uniqueName("cyc-a");
        String b = uniqueName("cyc-b");
        deploy(asked(a, "  - {tool: ask_agent, args: {to: " + b + ", question: q}}\n  - {reply: '" + RESULT_OR_ERROR + "'}"));
        deploy(asked(b, "  - {tool: ask_agent, args: {to: " + a + ", question: q}}\n  - {reply: '" + RESULT_OR_ERROR + "'}"));
        assertThat(awaitEnded(invoke(a, "{}")).getString("reply")).contains("is waiting for this answer already");

        // p0 asks p1 asks ... p5: the sixth ask would make six processes wait
        List<String> chain = new ArrayList<>();
        for (int i = 0; i <= 6; i++) {
            chain.add(uniqueName("chain" + i));
        }
        for (int i = 0; i < 6; i++) {
            deploy(asked(chain.get(i), "  - {tool: ask_agent, args: {to: " + chain.get(i + 1) + ", question: q}}\n  - {reply: '"
                    + RESULT_OR_ERROR + "'}"));
        }
        deploy(asked(chain.get(6), "  - {reply: bottom}"));
        assertThat(awaitEnded(invoke(chain.get(0), "{}")).getString("reply")).contains("at most 5").doesNotContain("bottom");
        assertThat(awaitEnded(invoke(chain.get(2), "{}")).getString("reply")).isEqualTo("bottom");
    }

    @Test
    void badArgumentsAreToolErrors() {
        String target = uniqueName("target");
        deploy(asked(target, "  - {reply: x}"));
        assertThat(askOf(deployed(asker(uniqueName("b1"), "{to: " + target + ", question: q, schema: 42}")))).contains("schema must be a JSON Schema");
        assertThat(askOf(deployed(asker(uniqueName("b2"), "{to: " + target + ", question: q, schema: {type: 7}}")))).contains("is not a JSON Schema");
        assertThat(askOf(deployed(asker(uniqueName("b3"), "{to: " + target + ", question: q, timeout: forever}")))).contains("timeout must be");
        assertThat(askOf(deployed(asker(uniqueName("b4"), "{to: " + target + ", question: q, timeout: 8d}")))).contains("from 1s to 7d");
        assertThat(askOf(deployed(asker(uniqueName("b5"), "{to: " + target + ", question: ''}")))).contains("question is required");
        String closed = uniqueName("closed");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: x}]\n".formatted(closed));
        assertThat(askOf(deployed(asker(uniqueName("b6"), "{to: " + closed + ", question: q}")))).contains("takes no messages");
    }

    private static String deployed(String manifest) {
        deploy(manifest);
        return manifest.lines().findFirst().orElseThrow().substring("name: ".length());
    }
}

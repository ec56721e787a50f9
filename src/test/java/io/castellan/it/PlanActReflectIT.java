package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code protocol: plan_act_reflect}: a plan first, each side effect with its expectation beside its result, a reflection remembered. */
class PlanActReflectIT {

    private static final Receiver SERVICE = new Receiver();

    @AfterAll
    static void stopReceiver() {
        SERVICE.close();
    }

    @Test
    void anInvocationPlansActsWithExpectationsAndReflectsIntoItsMemory() {
        String name = uniqueName("par");
        deploy("""
                name: %s
                model: scripted
                protocol: plan_act_reflect
                memory: {auto_recall: 1}
                tools: [http_request, state_set]
                network: {allow: [127.0.0.1]}
                script:
                  - {reply: '["check the service", "note its status"]'}
                  - {tool: http_request, args: {url: '%s', expected_effect: 'the service answers 200'}}
                  - {tool: state_set, args: {key: status, value: '{{steps.0.result.status}}'}}
                  - {reply: 'status {{steps.0.result.status}}; plan:{{#plan}} {{.}};{{/plan}}{{#recalled}} remembered: {{text}}{{/recalled}}'}
                  - {reply: 'The service answered 200 as I expected; next time I can skip the check when it answered within the hour.'}
                """.formatted(name, SERVICE.url("/status/200")));
        String first = invoke(name, "{\"check\": \"the service\"}");
        JsonPath done = awaitEnded(first);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        // the invocation's reply is the act's, not the reflection
        assertThat(done.getString("reply")).isEqualTo("status 200; plan: check the service; note its status;");

        assertThat(Castellan.journalData(name, "PLAN")).singleElement()
                .satisfies(d -> assertThat(d.get("steps")).isEqualTo(List.of("check the service", "note its status")));
        assertThat(Castellan.journalData(name, "FEEDBACK")).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("step", 0).containsEntry("tool", "http_request").containsEntry("expected", "the service answers 200");
            assertThat(((Map<?, ?>) ((Map<?, ?>) d.get("actual")).get("result")).get("status")).isEqualTo(200);
        });
        // the tool never saw the expectation: the service got a plain GET
        assertThat(SERVICE.requests()).singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("GET"));
        List<Map<String, Object>> reflections = Castellan.journalData(name, "REFLECTION");
        assertThat(reflections).singleElement().satisfies(d -> assertThat((String) d.get("text")).startsWith("The service answered 200"));
        List<Map<String, Object>> memories = admin().queryParam("q", "did the service answer").queryParam("tags", "reflection")
                .get("/processes/{name}/memories", name).then().statusCode(200).extract().path("items");
        assertThat(memories).singleElement().satisfies(m -> assertThat(m).containsEntry("id", reflections.get(0).get("memory")));

        // the next invocation recalls the reflection into its first prompt
        String second = invoke(name, "{\"check\": \"the service\"}");
        assertThat(awaitEnded(second).getString("reply")).contains("remembered: The service answered 200 as I expected");
    }
}

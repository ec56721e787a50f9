package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Behavioural health: each detector, inline and from the periodic timer, and each on_unhealthy action. */
class BehaviouralHealthIT {

    static final Receiver OPS = new Receiver();

    @AfterAll
    static void stopReceiver() {
        OPS.close();
    }

    /** A scripted agent: its script steps (YAML list items), then its health block. */
    static String agent(String name, String steps, String health) {
        return """
                name: %s
                model: scripted
                tools: [state_set, state_get]
                script:
                %s
                health:
                %s
                """.formatted(name, steps.indent(2), health.indent(2));
    }

    static String repeat(String step, int times) {
        return (step + "\n").repeat(times);
    }

    static JsonPath health(String name) {
        return admin().get("/processes/{name}/health", name).then().statusCode(200).extract().jsonPath();
    }

    static String state(String name) {
        return admin().get("/processes/{name}", name).then().statusCode(200).extract().path("state");
    }

    @Test
    void theSameCallRepeatedIsStuckAndPausesTheProcess() {
        String name = uniqueName("health-stuck");
        deploy(agent(name, repeat("- {tool: state_set, args: {key: a, value: 1}}", 5) + "- reply: finished at last",
                "stuck_threshold: 3\non_unhealthy: pause"));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).startsWith("health: stuck: the same call 3 times in a row: state_set");
        assertThat(state(name)).isEqualTo("PAUSED");
        JsonPath health = health(name);
        assertThat(health.getString("status")).isEqualTo("unhealthy");
        assertThat(health.getString("state_reason")).isEqualTo("health: stuck");
        assertThat(health.getString("alerts[0].details.detector")).isEqualTo("stuck");
        assertThat(health.getString("alerts[0].details.action")).isEqualTo("pause");
        assertThat(health.getList("alerts[0].details.evidence.tool")).containsExactly("state_set", "state_set", "state_set");
        assertThat(health.getString("alerts[0].invocation")).isEqualTo(done.getString("id"));
        assertThat(health.getList("alerts")).as("acted on once").hasSize(1);
    }

    @Test
    void checkThenFixRepeatedThreeTimesIsALoopAndStopsTheProcess() {
        String name = uniqueName("health-loop");
        deploy(agent(name, repeat("- {tool: state_get, args: {key: a}}\n- {tool: state_set, args: {key: a, value: 1}}", 4)
                + "- reply: fixed it, surely", "on_unhealthy: stop"));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).startsWith("health: loop: a cycle of 2 calls repeated 3 times");
        assertThat(state(name)).isEqualTo("STOPPED");
        assertThat(health(name).getList("alerts[0].details.evidence")).hasSize(6);
    }

    @Test
    void shortRepliesAcrossInvocationsAreEmptyResponses() {
        String name = uniqueName("health-empty");
        deploy(agent(name, "- reply: ok", "empty_response_threshold: 2\non_unhealthy: pause"));

        assertThat(awaitEnded(invoke(name, "{}")).getString("status")).isEqualTo("COMPLETED");
        assertThat(state(name)).isEqualTo("RUNNING");
        assertThat(awaitEnded(invoke(name, "{}")).getString("status")).as("the reply was given; the process is acted on").isEqualTo("COMPLETED");

        assertThat(state(name)).isEqualTo("PAUSED");
        assertThat(health(name).getList("alerts[0].details.evidence.reply")).containsExactly("ok", "ok");
    }

    @Test
    void aHighShareOfFailedCallsIsAnErrorRateAndRestartEndsOnlyTheInvocation() {
        String name = uniqueName("health-errors");
        // a state_set without a value breaks its schema: a failed call
        deploy(agent(name, """
                - {tool: state_set, args: {key: a}}
                - {tool: state_set, args: {key: b, value: 1}}
                - {tool: state_set, args: {key: c}}
                - {tool: state_set, args: {key: d, value: 2}}
                - reply: never reached
                """, "error_rate_window: 4\nerror_rate_threshold: 0.5\non_unhealthy: restart"));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).isEqualTo("health: error_rate: 2 of the last 4 tool calls failed");
        assertThat(state(name)).as("restart ends the invocation and keeps the process running").isEqualTo("RUNNING");
        assertThat(health(name).getString("alerts[0].details.action")).isEqualTo("restart");
        assertThat(health(name).getString("status")).isEqualTo("healthy");
    }

    @Test
    void escalateSendsTheAlertWithItsEvidence() {
        String name = uniqueName("health-escalate");
        String hook = "/health/" + name;
        deploy(agent(name, repeat("- {tool: state_set, args: {key: a, value: 1}}", 3) + "- reply: done and dusted",
                "stuck_threshold: 2\non_unhealthy: escalate") + """
                budget:
                  escalation: {url: "%s", secret: "${IT_HOOK_SECRET}"}
                """.formatted(OPS.url(hook)));

        awaitEnded(invoke(name, "{}"));

        assertThat(state(name)).isEqualTo("PAUSED");
        await().atMost(Duration.ofSeconds(30)).until(() -> OPS.requests().stream().anyMatch(r -> r.path().equals(hook)));
        Receiver.Request notice = OPS.requests().stream().filter(r -> r.path().equals(hook)).findFirst().orElseThrow();
        JsonPath body = JsonPath.from(notice.body());
        assertThat(body.getString("kind")).isEqualTo("health_alert");
        assertThat(body.getString("detector")).isEqualTo("stuck");
        assertThat(body.getList("evidence.tool")).containsExactly("state_set", "state_set");
        assertThat(notice.header("X-Castellan-Signature")).startsWith("sha256=");
    }

    @Test
    void thePeriodicCheckFindsWhatTheJournalAlreadyHolds() {
        String name = uniqueName("health-timer");
        String withoutHealth = """
                name: %s
                model: scripted
                script: [{reply: ok}]
                """.formatted(name);
        deploy(withoutHealth);
        for (int i = 0; i < 3; i++) {
            awaitEnded(invoke(name, "{}"));
        }
        assertThat(health(name).getString("status")).isEqualTo("disabled");

        // health checks added later: no invocation runs, the timer reads the three short replies from the journal
        admin().contentType("application/yaml").body(withoutHealth + "health: {empty_response_threshold: 3}\n")
                .put("/processes/{name}", name).then().statusCode(200);

        await().atMost(Duration.ofSeconds(75)).until(() -> "PAUSED".equals(state(name)));
        JsonPath health = health(name);
        assertThat(health.getString("alerts[0].details.detector")).isEqualTo("empty_responses");
        assertThat(health.getString("alerts[0].invocation")).as("found by the timer, not after a step").isNull();
        List<Map<String, Object>> evidence = health.getList("alerts[0].details.evidence");
        assertThat(evidence).hasSize(3);
        admin().get("/processes/{name}/health", "no-such-process").then().statusCode(404);
        Castellan.api(Castellan.tokenWithRole("viewer")).get("/processes/{name}/health", name).then().statusCode(200)
                .body("checks.empty_response_threshold", equalTo(3));
    }
}

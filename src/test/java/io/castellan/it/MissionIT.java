package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalData;
import static io.castellan.it.Castellan.process;
import static io.castellan.it.Castellan.uniqueName;
import static io.castellan.it.ProviderAnswers.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.castellan.it.ProviderStub.Protocol;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Missions: evaluations every few invocations, each outcome, and both time limits. */
class MissionIT {

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    static final Receiver OPS = new Receiver();

    @AfterAll
    static void stopReceiver() {
        OPS.close();
    }

    /** A scripted agent that writes what it is told of its mission to state, then replies. */
    static String agent(String name, String mission) {
        return """
                name: %s
                model: scripted
                tools: [state_set]
                script:
                  - {tool: state_set, args: {key: mission_seen, value: "{{mission}}"}}
                  - reply: "working on {{mission.objective}}"
                mission:
                  objective: Migrate all tables to v2
                  success_criteria: All tables pass v2 validation
                %s
                """.formatted(name, mission.indent(2));
    }

    static String evaluation(boolean achieved, double progress, double confidence, String reasoning) {
        return "{achieved: %s, progress: %s, confidence: %s, reasoning: \"%s\"}".formatted(achieved, progress, confidence, reasoning);
    }

    static JsonPath mission(String name) {
        return admin().get("/processes/{name}/mission", name).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anAchievedMissionStopsTheProcessAndEveryInvocationKnowsItsMission() {
        String name = uniqueName("mission-complete");
        deploy(agent(name, """
                check_interval: 2
                on_complete: stop
                evaluations:
                  - %s
                  - %s
                """.formatted(evaluation(false, 0.4, 0.9, "half the tables"), evaluation(true, 1.0, 0.95, "all tables pass"))));

        assertThat(awaitEnded(invoke(name, "{}")).getString("reply")).isEqualTo("working on Migrate all tables to v2");
        awaitEnded(invoke(name, "{}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> journalData(name, "MISSION_EVALUATED").size() == 1);
        assertThat(journalData(name, "MISSION_EVALUATED").get(0)).containsEntry("outcome", "progressing").containsEntry("reasoning", "half the tables");
        awaitEnded(invoke(name, "{}"));
        JsonPath seen = admin().get("/processes/{name}/state/mission_seen", name).then().statusCode(200).extract().jsonPath();
        assertThat(seen.getString("value.last_evaluation.reasoning")).as("the last evaluation is in the next invocation's context")
                .isEqualTo("half the tables");
        awaitEnded(invoke(name, "{}"));

        await().atMost(Duration.ofSeconds(10)).until(() -> "STOPPED".equals(process(name).getString("state")));
        assertThat(process(name).getString("state_reason")).isEqualTo("mission: complete");
        JsonPath mission = mission(name);
        assertThat(mission.getString("status")).isEqualTo("complete");
        assertThat(mission.getInt("evaluations")).isEqualTo(2);
        assertThat(mission.getInt("invocations")).isEqualTo(4);
        assertThat(mission.getBoolean("last_evaluation.achieved")).isTrue();
        assertThat(journalData(name, "MISSION_EVALUATED").get(1)).containsEntry("outcome", "complete").containsEntry("action", "stop");
    }

    @Test
    void anUncertainEvaluationIsStuckAndEscalates() {
        String name = uniqueName("mission-stuck");
        String hook = "/mission/" + name;
        deploy(agent(name, """
                check_interval: 1
                confidence_threshold: 0.8
                on_stuck: escalate
                evaluations: [%s]
                """.formatted(evaluation(false, 0.2, 0.3, "no idea whether anything changed"))) + """
                budget:
                  escalation: {url: "%s", secret: "${IT_HOOK_SECRET}"}
                """.formatted(OPS.url(hook)));

        awaitEnded(invoke(name, "{}"));

        await().atMost(Duration.ofSeconds(10)).until(() -> "PAUSED".equals(process(name).getString("state")));
        assertThat(process(name).getString("state_reason")).isEqualTo("mission: stuck");
        assertThat(mission(name).getString("status")).isEqualTo("stuck");
        await().atMost(Duration.ofSeconds(30)).until(() -> OPS.requests().stream().anyMatch(r -> r.path().equals(hook)));
        JsonPath notice = JsonPath.from(OPS.requests().stream().filter(r -> r.path().equals(hook)).findFirst().orElseThrow().body());
        assertThat(notice.getString("kind")).isEqualTo("mission_stuck");
        assertThat(notice.getDouble("confidence")).isEqualTo(0.3);
    }

    @Test
    void runningOutOfInvocationsFailsTheProcessWithoutARestart() {
        String name = uniqueName("mission-spent");
        deploy(agent(name, """
                check_interval: 10
                max_invocations: 2
                on_timeout: fail
                evaluations: [%s]
                """.formatted(evaluation(false, 0.1, 0.9, "barely started"))));

        awaitEnded(invoke(name, "{}"));
        awaitEnded(invoke(name, "{}"));

        JsonPath failed = process(name);
        assertThat(failed.getString("state")).isEqualTo("FAILED");
        assertThat(failed.getString("state_reason")).isEqualTo("mission: timed out");
        assertThat(journalData(name, "MISSION_TIMED_OUT")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("reason", "max_invocations (2) reached").containsEntry("action", "fail"));
        assertThat(journalData(name, "PROCESS_RESTART_SCHEDULED")).as("a mission that timed out is not restarted").isEmpty();
        assertThat(mission(name).getString("status")).isEqualTo("timed_out");
    }

    @Test
    void maxDurationIsAPersistentTimerThatStopsTheProcess() {
        String name = uniqueName("mission-late");
        deploy(agent(name, """
                max_duration: 3s
                on_timeout: stop
                evaluations: [%s]
                """.formatted(evaluation(false, 0.1, 0.9, "barely started"))));

        assertThat(mission(name).getString("deadline")).isNotNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(process(name).getString("state")));
        assertThat(journalData(name, "MISSION_TIMED_OUT")).singleElement()
                .satisfies(t -> assertThat((String) t.get("reason")).startsWith("max_duration"));
    }

    @Test
    void aProviderModelEvaluatesTheMissionWithAStructuredAnswer() {
        String name = uniqueName("mission-llm");
        String hook = "/mission/" + name;
        stub.enqueue(name, text(Protocol.OPENAI, "Migrated the users table."),
                text(Protocol.OPENAI, "```json\n{\"achieved\": true, \"progress\": 1.0, \"confidence\": 0.9, \"reasoning\": \"every table is on v2\"}\n```"));
        deploy("""
                name: %s
                model: openai:gpt-5-mini
                model_options: {base_url: "%s", api_key: "${IT_MODEL_KEY}"}
                mission:
                  objective: Migrate all tables to v2
                  success_criteria: All tables pass v2 validation
                  check_interval: 1
                  on_complete: notify
                budget:
                  escalation: {url: "%s", secret: "${IT_HOOK_SECRET}"}
                """.formatted(name, Protocol.OPENAI.baseUrl(stub, name), OPS.url(hook)));

        assertThat(awaitEnded(invoke(name, "{}")).getString("status")).isEqualTo("COMPLETED");

        await().atMost(Duration.ofSeconds(10)).until(() -> "complete".equals(mission(name).getString("status")));
        List<ProviderStub.Request> calls = stub.requests(name);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).body().toString()).as("the invocation is told its mission").contains("Migrate all tables to v2");
        assertThat(calls.get(1).body().toString()).as("the evaluation asks for the answer's schema")
                .contains("confidence").contains("All tables pass v2 validation");
        assertThat(process(name).getString("state")).as("notify keeps the process running").isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(30)).until(() -> OPS.requests().stream().anyMatch(r -> r.path().equals(hook)));
        assertThat(JsonPath.from(OPS.requests().stream().filter(r -> r.path().equals(hook)).findFirst().orElseThrow().body())
                .getString("kind")).isEqualTo("mission_complete");
        admin().get("/processes/{name}/usage", name).then().body("total.model_calls", equalTo(2));
    }

    @Test
    void aMissionIsCheckedAtDeploy() {
        admin().contentType("application/yaml").body("""
                name: %s
                model: scripted
                script: [{reply: hi}]
                mission: {objective: x, success_criteria: y, on_stuck: escalate, check_interval: 0}
                """.formatted(uniqueName("mission-bad"))).post("/processes").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("mission.evaluations", "mission.on_stuck", "mission.check_interval"));
        String plain = uniqueName("mission-none");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: hi}]\n".formatted(plain));
        admin().get("/processes/{name}/mission", plain).then().statusCode(404).contentType("application/problem+json");
    }
}

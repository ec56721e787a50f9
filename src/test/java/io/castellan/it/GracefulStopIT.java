package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A normal stop: an invocation that can finish within Liberty's quiesce stage (30 s) finishes; one
 * that cannot is suspended at a step boundary, journaled, and resumes at the next start from its
 * latest checkpoint, running only its cut-off step again, with the same idempotency key.
 */
class GracefulStopIT {

    private static final Receiver QUICK = new Receiver(1_000);
    private static final Receiver SLOW = new Receiver(45_000);

    @AfterAll
    static void closeReceivers() throws Exception {
        QUICK.close();
        SLOW.close();
    }

    /** Checkpoints after every turn; the last step reads a result from before the checkpoint. */
    static String checkpointedAgent(String name) {
        return """
                name: %s
                model: scripted
                tools: [http_request, state_set]
                network: {allow: [127.0.0.1]}
                checkpoint_every: 1
                script:
                  - {tool: state_set, args: {key: before, value: '{{trigger.payload.tag}}'}}
                  - {tool: http_request, args: {url: '{{trigger.payload.url}}', timeout_ms: 60000}}
                  - {tool: state_set, args: {key: called, value: '{{steps.1.result.status}} after {{steps.0.result.value}}'}}
                  - {reply: done}
                """.formatted(name);
    }

    static String agent(String name) {
        return """
                name: %s
                model: scripted
                tools: [http_request, state_set]
                network: {allow: [127.0.0.1]}
                script:
                  - {tool: http_request, args: {url: '{{trigger.payload.url}}', timeout_ms: 60000}}
                  - {tool: state_set, args: {key: called, value: '{{steps.0.result.status}}'}}
                  - {reply: done}
                """.formatted(name);
    }

    @Test
    void aNormalStopFinishesWhatItCanAndSuspendsTheRest() throws Exception {
        OwnServer.upAndReady();
        String token = OwnServer.generatedAdminToken();
        String quick = Castellan.uniqueName("drain-quick");
        String slow = Castellan.uniqueName("drain-slow");
        OwnServer.api(token).contentType("application/yaml").body(agent(quick)).post("/processes").then().statusCode(201);
        OwnServer.api(token).contentType("application/yaml").body(checkpointedAgent(slow)).post("/processes").then().statusCode(201);
        String finishes = invoke(token, quick, QUICK);
        String suspends = OwnServer.api(token).contentType(ContentType.JSON).body(Map.of("url", SLOW.url("/slow-once/call"), "tag", "slow-tag"))
                .post("/processes/{name}/invocations", slow).then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> QUICK.requests().size() == 1 && SLOW.requests().size() == 1);

        OwnServer.stop();
        OwnServer.startAndAwaitReady();

        assertThat(status(token, finishes)).isEqualTo("COMPLETED");
        assertThat(journal(token, quick, finishes)).doesNotContain("INVOCATION_SUSPENDED", "INVOCATION_RESUMED");

        await().atMost(Duration.ofSeconds(120)).until(() -> "COMPLETED".equals(status(token, suspends)));
        List<String> types = journal(token, slow, suspends);
        assertThat(types).containsSubsequence("INVOCATION_STARTED", "STATE_CHANGED", "CHECKPOINT", "TOOL_STARTED", "INVOCATION_SUSPENDED",
                "INVOCATION_RESUMED", "STEP_RETRIED", "TOOL_RESULT", "CHECKPOINT", "STATE_CHANGED", "INVOCATION_COMPLETED");
        Map<String, Object> resumed = OwnServer.api(token).queryParam("limit", 1000).get("/processes/{name}/journal", slow).then()
                .extract().path("items.find { it.type == 'INVOCATION_RESUMED' }.data");
        assertThat(resumed).containsEntry("from_checkpoint", 1).containsEntry("step", 1);
        OwnServer.api(token).get("/processes/{name}/state/called", slow).then().statusCode(200)
                .body("value", org.hamcrest.Matchers.equalTo("200 after slow-tag"));
        assertThat(types).as("the cut-off call is not recorded as the step's outcome").doesNotContain("TOOL_ERROR", "INVOCATION_FAILED");
        assertThat(SLOW.requests()).hasSize(2).extracting(Receiver.Request::idempotencyKey).containsOnly(suspends + ":1");
    }

    private static String invoke(String token, String process, Receiver receiver) {
        return OwnServer.api(token).contentType(ContentType.JSON).body(Map.of("url", receiver.url("/call")))
                .post("/processes/{name}/invocations", process).then().statusCode(202).extract().path("id");
    }

    private static String status(String token, String invocation) {
        return OwnServer.api(token).get("/invocations/{id}", invocation).then().statusCode(200).extract().path("status");
    }

    private static List<String> journal(String token, String process, String invocation) {
        return OwnServer.api(token).queryParam("limit", 1000).get("/processes/{name}/journal", process).then().statusCode(200)
                .extract().path("items.findAll { it.invocationId == '" + invocation + "' }.type");
    }
}

package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Approvals across kill -9: requests pending when the server dies are still pending after the
 * restart and resume their invocation once when decided; a decision taken just before the kill
 * resumes its invocation once after it; a gated call runs once, after its approval, never before.
 */
class ApprovalAcrossKillIT {

    private static final int WAITERS = 3;
    private static final Receiver PAYMENTS = new Receiver();

    @AfterAll
    static void stop() throws Exception {
        PAYMENTS.close();
    }

    @Test
    void aWaitingApprovalSurvivesAKillAndResumesOnceWhenDecided() throws Exception {
        OwnServer.upAndReady();
        String token = OwnServer.generatedAdminToken();
        List<String> invocations = new ArrayList<>();
        List<String> processes = new ArrayList<>();
        for (int n = 0; n < WAITERS; n++) {
            String name = Castellan.uniqueName("kill-approve");
            // a gated call to the outside: it must run once, and only after the approval
            deploy(token, """
                    name: %s
                    model: scripted
                    tools: [http_request]
                    network: {allow: [127.0.0.1]}
                    approval: {tools: [http_request]}
                    script:
                      - {tool: http_request, args: {url: '%s', method: POST, body: '{"n": %d}'}}
                      - {reply: 'paid {{steps.0.result.approval.decision}} {{steps.0.result.result.status}}'}
                    """.formatted(name, PAYMENTS.url("/pay/" + name), n));
            processes.add(name);
            invocations.add(OwnServer.api(token).contentType(ContentType.JSON).body("{}")
                    .post("/processes/{name}/invocations", name).then().statusCode(202).extract().path("id"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> invocations.stream().allMatch(id -> "WAITING".equals(status(token, id))));
        List<String> approvals = new ArrayList<>();
        for (String name : processes) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !pending(token, name).isEmpty());
            approvals.add((String) pending(token, name).get(0).get("id"));
        }
        // the first is approved right before the kill: its wake-up may or may not have gone out
        OwnServer.api(token).contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", approvals.get(0)).then().statusCode(200);
        OwnServer.killMinus9();
        assertThat(PAYMENTS.requests().stream().filter(r -> !r.path().equals("/pay/" + processes.get(0)))).as("nothing ran unapproved").isEmpty();
        OwnServer.startAndAwaitReady();

        for (int n = 1; n < WAITERS; n++) {
            String name = processes.get(n);
            assertThat(pending(token, name)).as("still pending after the restart").singleElement()
                    .satisfies(a -> assertThat(a).containsEntry("invocation", invocations.get(processes.indexOf(name))));
            assertThat(status(token, invocations.get(n))).isEqualTo("WAITING");
            OwnServer.api(token).contentType(ContentType.JSON).body(Map.of("comment", "after the restart"))
                    .post("/approvals/{id}/approve", approvals.get(n)).then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> invocations.stream().allMatch(id -> "COMPLETED".equals(status(token, id))));
        for (int n = 0; n < WAITERS; n++) {
            String name = processes.get(n);
            assertThat(OwnServer.api(token).get("/invocations/{id}", invocations.get(n)).then().extract().<String>path("reply"))
                    .isEqualTo("paid approved 200");
            assertThat(PAYMENTS.requests().stream().filter(r -> r.path().equals("/pay/" + name))).as("%s paid once", name).hasSize(1);
            List<String> types = OwnServer.api(token).queryParam("limit", 1000).get("/processes/{name}/journal", name).then()
                    .extract().path("items.type");
            assertThat(types.stream().filter("APPROVAL_DECIDED"::equals)).hasSize(1);
            assertThat(types.stream().filter("TOOL_STARTED"::equals)).hasSize(1);
            OwnServer.api(token).contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", approvals.get(n)).then().statusCode(409);
        }
    }

    private static List<Map<String, Object>> pending(String token, String process) {
        return OwnServer.api(token).queryParam("state", "pending").queryParam("process", process).get("/approvals").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    private static String status(String token, String id) {
        return OwnServer.api(token).get("/invocations/{id}", id).then().extract().path("status");
    }

    private static void deploy(String token, String manifest) {
        OwnServer.api(token).contentType("application/yaml").body(manifest).post("/processes").then().statusCode(201);
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalData;
import static io.castellan.it.Castellan.journalTypes;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.platform.WebhookSignature;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Human approval: {@code request_approval} and gated tools wait durably for one decision, which
 * the model sees; a second decision is a conflict; a request nobody decides ends as its
 * {@code on_timeout} says; each request is announced by a signed notice; bad decisions change nothing.
 */
class ApprovalIT {

    private static final Receiver OPS = new Receiver();

    @AfterAll
    static void stopReceiver() {
        OPS.close();
    }

    static String requesting(String name, String extra) {
        return """
                name: %s
                model: scripted
                tools: [request_approval]
                %s
                script:
                  - {tool: request_approval, args: {summary: 'ship {{trigger.payload.what}}?', details: {what: '{{trigger.payload.what}}'}}}
                  - {reply: '{{steps.0.result.decision}} by {{steps.0.result.by}}{{#steps.0.result.comment}}: {{steps.0.result.comment}}{{/steps.0.result.comment}}'}
                """.formatted(name, extra);
    }

    static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(invocation(id).getString("status")));
    }

    /** The pending request of an invocation, once it waits. */
    static Map<String, Object> pendingOf(String process) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !pending(process).isEmpty());
        return pending(process).get(0);
    }

    private static List<Map<String, Object>> pending(String process) {
        return admin().queryParam("state", "pending").queryParam("process", process).get("/approvals").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    @Test
    void aRequestWaitsForOneDecisionWhichTheModelSees() throws Exception {
        String name = uniqueName("approve");
        String hook = "/ops/" + name;
        deploy(requesting(name, "approval: {notify: {url: '%s', secret: '${%s}'}}".formatted(OPS.url(hook), Castellan.HOOK_SECRET_VARIABLE)));
        String id = invoke(name, "{\"what\": \"v2\"}");
        awaitStatus(id, "WAITING");
        Map<String, Object> request = pendingOf(name);
        assertThat(request).containsEntry("invocation", id).containsEntry("step", 0).containsEntry("summary", "ship v2?")
                .containsEntry("state", "pending").containsEntry("details", Map.of("what", "v2")).doesNotContainKey("tool");
        Instant expires = Instant.parse((String) request.get("expires_at"));
        assertThat(Duration.between(Instant.parse((String) request.get("requested_at")), expires)).isEqualTo(Duration.ofHours(24));
        String approval = (String) request.get("id");

        // the request is announced, signed like every notice
        await().atMost(Duration.ofSeconds(30)).until(() -> OPS.requests().stream().anyMatch(r -> r.path().equals(hook)));
        Receiver.Request notice = OPS.requests().stream().filter(r -> r.path().equals(hook)).findFirst().orElseThrow();
        WebhookSignature.verify(Castellan.HOOK_SECRET, notice.header("X-Castellan-Timestamp"), notice.header("X-Castellan-Signature"),
                notice.body().getBytes(StandardCharsets.UTF_8), Instant.now());
        JsonNode body = new ObjectMapper().readTree(notice.body());
        assertThat(body.path("kind").asText()).isEqualTo("approval_requested");
        assertThat(body.path("approval").asText()).isEqualTo(approval);
        assertThat(body.path("invocation").asText()).isEqualTo(id);
        assertThat(body.path("summary").asText()).isEqualTo("ship v2?");

        String operatorName = uniqueName("approver");
        String operator = Castellan.token(operatorName, "operator");
        api(operator).contentType(ContentType.JSON).body(Map.of("comment", "go ahead")).post("/approvals/{id}/approve", approval)
                .then().statusCode(200).body("state", equalTo("approved")).body("decided_by", equalTo(operatorName))
                .body("decided_via", equalTo("api")).body("comment", equalTo("go ahead"));
        JsonPath done = awaitEnded(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("approved by " + operatorName + ": go ahead");

        // decided once: a second decision, either way, is a conflict and changes nothing
        api(operator).contentType(ContentType.JSON).body(Map.of("comment", "no")).post("/approvals/{id}/reject", approval)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("approved by " + operatorName));
        api(operator).contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", approval).then().statusCode(409);
        admin().get("/approvals/{id}", approval).then().statusCode(200).body("state", equalTo("approved")).body("comment", equalTo("go ahead"));
        assertThat(journalTypes(name, id)).containsSubsequence("TOOL_STARTED", "INVOCATION_WAITING", "APPROVAL_REQUESTED",
                "APPROVAL_DECIDED", "INVOCATION_RESUMED", "TOOL_RESULT", "INVOCATION_COMPLETED");
        assertThat(journalData(name, "APPROVAL_DECIDED")).singleElement().satisfies(d -> assertThat(d)
                .containsEntry("approval", approval).containsEntry("decision", "approved").containsEntry("by", operatorName)
                .containsEntry("via", "api").containsEntry("comment", "go ahead"));
        assertThat(journalTypes(name, id).stream().filter("INVOCATION_RESUMED"::equals)).hasSize(1);
    }

    @Test
    void theReadmesReleaseGateWaitsForItsApproval() throws java.io.IOException {
        deploy(java.nio.file.Files.readString(java.nio.file.Path.of("examples/release-gate.yaml")));
        String id = invoke("release-gate", "{\"version\": \"2.4.0\"}");
        Map<String, Object> request = pendingOf("release-gate");
        assertThat(request).containsEntry("summary", "Release 2.4.0?").containsEntry("details", Map.of("version", "2.4.0"));
        admin().contentType(ContentType.JSON).body(Map.of("comment", "ship it")).post("/approvals/{id}/approve", request.get("id"))
                .then().statusCode(200);
        JsonPath done = awaitEnded(id);
        assertThat(done.getString("reply")).startsWith("approved by ").endsWith(": ship it");
        admin().get("/processes/release-gate/state/last-decision").then().statusCode(200).body("value", equalTo("approved"));
    }

    @Test
    void aGatedToolRunsOnlyOnceApproved() {
        String name = uniqueName("gated");
        deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                approval: {tools: [state_set]}
                script:
                  - {tool: state_set, args: {key: paid, value: '{{trigger.payload.v}}'}}
                  - {reply: '{{#steps.0.error}}refused: {{steps.0.error}}{{/steps.0.error}}{{#steps.0.result}}done, {{steps.0.result.approval.decision}}{{/steps.0.result}}'}
                """.formatted(name));
        String refused = invoke(name, "{\"v\": \"1\"}");
        awaitStatus(refused, "WAITING");
        Map<String, Object> request = pendingOf(name);
        assertThat(request).containsEntry("tool", "state_set").containsEntry("arguments", Map.of("key", "paid", "value", "1"));
        admin().get("/processes/{name}/state/paid", name).then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("comment", "not today")).post("/approvals/{id}/reject", request.get("id"))
                .then().statusCode(200).body("state", equalTo("rejected"));
        assertThat(awaitEnded(refused).getString("reply")).startsWith("refused: the call was rejected by ").endsWith(": not today");
        admin().get("/processes/{name}/state/paid", name).then().statusCode(404);
        assertThat(journalTypes(name, refused)).doesNotContain("TOOL_STARTED").containsSubsequence("APPROVAL_REQUESTED",
                "APPROVAL_DECIDED", "TOOL_ERROR", "INVOCATION_COMPLETED");

        String approved = invoke(name, "{\"v\": \"2\"}");
        awaitStatus(approved, "WAITING");
        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", pendingOf(name).get("id")).then().statusCode(200);
        assertThat(awaitEnded(approved).getString("reply")).isEqualTo("done, approved");
        admin().get("/processes/{name}/state/paid", name).then().statusCode(200).body("value", equalTo("2"));
        assertThat(journalTypes(name, approved)).containsSubsequence("APPROVAL_REQUESTED", "APPROVAL_DECIDED", "INVOCATION_RESUMED",
                "TOOL_STARTED", "STATE_CHANGED", "TOOL_RESULT", "INVOCATION_COMPLETED");
    }

    @Test
    void aRequestNobodyDecidesEndsAsOnTimeoutSays() {
        String rejecting = uniqueName("approve-late");
        deploy(requesting(rejecting, "approval: {timeout: 2s}"));
        String failing = uniqueName("approve-fail");
        deploy(requesting(failing, "approval: {timeout: 2s, on_timeout: fail}"));
        String rejected = invoke(rejecting, "{\"what\": \"x\"}");
        String failed = invoke(failing, "{\"what\": \"y\"}");

        assertThat(awaitEnded(rejected).getString("reply"))
                .isEqualTo("rejected by timeout: nobody decided by " + journalData(rejecting, "APPROVAL_REQUESTED").get(0).get("expires_at"));
        JsonPath end = awaitEnded(failed);
        assertThat(end.getString("status")).isEqualTo("FAILED");
        assertThat(end.getString("error")).contains("was not decided by").contains("on_timeout: fail");
        List<Map<String, Object>> expired = admin().queryParam("state", "expired").queryParam("process", failing).get("/approvals")
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(expired).singleElement().satisfies(a -> assertThat(a).containsEntry("decided_via", "timeout"));
        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", expired.get(0).get("id")).then().statusCode(409);
    }

    @Test
    void aSummaryWithNothingToReadIsAToolErrorNotARequest() {
        String name = uniqueName("approve-unseen");
        deploy("""
                name: %s
                model: scripted
                tools: [request_approval]
                script:
                  - {tool: request_approval, args: {summary: '{{trigger.payload.s}}'}}
                  - {reply: 'asked nobody'}
                """.formatted(name));
        // a zero-width space and an accent alone: a person was asked to decide on an empty request
        String id = invoke(name, "{\"s\": \"\\u200b\\u0301\"}");
        JsonPath ended = awaitEnded(id);
        assertThat(ended.getString("status")).isEqualTo("COMPLETED");
        assertThat(ended.getInt("tool_errors")).isEqualTo(1);
        assertThat(admin().queryParam("process", name).get("/approvals").then().statusCode(200).extract().jsonPath()
                .getList("items")).isEmpty();
    }

    @Test
    void badDecisionsAreRefusedAndChangeNothing() {
        String name = uniqueName("approve-bad");
        deploy(requesting(name, ""));
        String id = invoke(name, "{\"what\": \"z\"}");
        awaitStatus(id, "WAITING");
        String approval = (String) pendingOf(name).get("id");

        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/reject", approval).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("comment"));
        // a reason of nothing a person or the agent can read is no reason
        admin().contentType(ContentType.JSON).body(Map.of("comment", "\u200b\u0301")).post("/approvals/{id}/reject", approval)
                .then().statusCode(400).body("errors[0].field", equalTo("comment"));
        admin().contentType(ContentType.JSON).body(Map.of("comment", "x".repeat(4001))).post("/approvals/{id}/approve", approval)
                .then().statusCode(400).body("errors[0].field", equalTo("comment"));
        admin().contentType(ContentType.JSON).body("[1]").post("/approvals/{id}/approve", approval).then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", "no-such-approval").then().statusCode(404)
                .contentType("application/problem+json");
        admin().queryParam("state", "maybe").get("/approvals").then().statusCode(400).body("errors[0].field", equalTo("state"));
        api(tokenWithRole("viewer")).contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", approval).then().statusCode(403);
        api(tokenWithRole("viewer")).get("/approvals/{id}", approval).then().statusCode(200).body("state", equalTo("pending"));
        assertThat(invocation(id).getString("status")).isEqualTo("WAITING");

        // a cancelled invocation's request is withdrawn: nothing is left to decide
        admin().post("/invocations/{id}/cancel", id).then().statusCode(202);
        assertThat(awaitEnded(id).getString("status")).isEqualTo("CANCELLED");
        admin().get("/approvals/{id}", approval).then().statusCode(200).body("state", equalTo("withdrawn"));
        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", approval).then().statusCode(409);
    }

    @Test
    void aManifestThatCannotGateItsToolsIsRefused() {
        String name = uniqueName("approve-manifest");
        admin().contentType("application/yaml").body("""
                name: %s
                model: scripted
                tools: [wait, state_set]
                approval: {tools: [wait, http_request, state_set], timeout: 1000h, on_timeout: later, notify: {url: 'ftp://x'}}
                script:
                  - {reply: ok}
                """.formatted(name)).post("/processes").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("approval.tools[0]", "approval.tools[1]", "approval.timeout",
                        "approval.on_timeout", "approval.notify.url", "approval.notify.secret"));
        admin().get("/processes/{name}", name).then().statusCode(404);
    }

    /**
     * A decision and a cancel of the waiting invocation at the same moment: both lock the process
     * first (the lock the journal's appends need), so neither waits on the other in a circle; each
     * gets an answer, and the invocation ends once.
     */
    @Test
    void aDecisionAndACancelAtOnceBothAnswerAndTheInvocationEndsOnce() throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 6; i++) {
                String name = uniqueName("approve-race");
                deploy(requesting(name, "approval: {timeout: 1h}"));
                String id = invoke(name, "{\"what\": \"v" + i + "\"}");
                awaitStatus(id, "WAITING");
                Object approval = pendingOf(name).get("id");
                CountDownLatch go = new CountDownLatch(1);
                Future<Integer> decided = both.submit(() -> {
                    go.await();
                    return admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", approval).statusCode();
                });
                Future<Integer> cancelled = both.submit(() -> {
                    go.await();
                    return admin().post("/invocations/{id}/cancel", id).statusCode();
                });
                go.countDown();
                assertThat(decided.get()).isIn(200, 409);
                assertThat(cancelled.get()).isIn(202, 409);
                assertThat(awaitEnded(id).getString("status")).isIn("COMPLETED", "CANCELLED");
                assertThat(journalTypes(name, id)).filteredOn(t -> t.equals("INVOCATION_COMPLETED") || t.equals("INVOCATION_CANCELLED"))
                        .hasSize(1);
            }
        } finally {
            both.shutdownNow();
        }
    }
}

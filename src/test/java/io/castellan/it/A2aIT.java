package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.baseUrl;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Exposed processes as A2A agents (protocol 0.3.0, JSON-RPC), driven by a client written against
 * the specification: the agent card, message/send, message/stream, tasks/get and tasks/cancel.
 */
class A2aIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = tokenWithRole("operator");

    private static String agent(String name, String waitSeconds) {
        return """
                name: %s
                description: Files what it is sent.
                model: scripted
                tools: [wait, state_set]
                expose: {a2a: true}
                script:
                  - {tool: wait, args: {seconds: %s}}
                  - {tool: state_set, args: {key: filed, value: '{{trigger.payload.ticket}}'}}
                  - {reply: 'filed {{trigger.payload.ticket}}: {{trigger.payload.message}}'}
                """.formatted(name, waitSeconds);
    }

    private static String message(String method, String messageId, String extra) {
        return """
                {"jsonrpc": "2.0", "id": "r-1", "method": "%s", "params": {"message": {"kind": "message", "role": "user",
                 "messageId": "%s", "contextId": "ctx-7", "parts": [{"kind": "text", "text": "the printer is on fire"},
                 {"kind": "data", "data": {"ticket": "T-42"}}]}%s}}""".formatted(method, messageId, extra);
    }

    @Test
    void theAgentCardIsOpenAndSaysHowToReachTheAgent() {
        String name = uniqueName("a2a-card");
        deploy(agent(name, "0"));
        given().baseUri(baseUrl()).get("/a2a/{name}/.well-known/agent-card.json", name).then().statusCode(200)
                .body("protocolVersion", equalTo("0.3.0")).body("name", equalTo(name)).body("description", equalTo("Files what it is sent."))
                .body("url", endsWith("/a2a/" + name)).body("preferredTransport", equalTo("JSONRPC"))
                .body("capabilities.streaming", equalTo(true)).body("securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("skills[0].id", equalTo(name));
        String hidden = uniqueName("a2a-hidden");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: no}]\n".formatted(hidden));
        given().baseUri(baseUrl()).get("/a2a/{name}/.well-known/agent-card.json", hidden).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aMessageIsATaskThatFollowsItsInvocation() {
        String name = uniqueName("a2a-send");
        deploy(agent(name, "0"));
        String messageId = UUID.randomUUID().toString();
        JsonPath sent = rpc(OPERATOR, name).body(message("message/send", messageId, ", \"configuration\": {\"blocking\": true}")).post()
                .then().statusCode(200).body("id", equalTo("r-1")).extract().jsonPath();
        assertThat(sent.getString("result.kind")).isEqualTo("task");
        assertThat(sent.getString("result.status.state")).isEqualTo("completed");
        assertThat(sent.getString("result.contextId")).isEqualTo("ctx-7");
        assertThat(sent.getString("result.artifacts[0].parts[0].text")).isEqualTo("filed T-42: the printer is on fire");
        String taskId = sent.getString("result.id");
        assertThat(admin().get("/invocations/{id}", taskId).then().statusCode(200).extract().<String>path("trigger.kind")).isEqualTo("a2a");

        rpc(OPERATOR, name).body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tasks/get\",\"params\":{\"id\":\"" + taskId + "\"}}").post()
                .then().statusCode(200).body("result.id", equalTo(taskId)).body("result.status.state", equalTo("completed"))
                .body("result.history[0].messageId", equalTo(messageId));
        // the same message again is the same task, not a second invocation
        rpc(OPERATOR, name).body(message("message/send", messageId, "")).post().then().statusCode(200).body("result.id", equalTo(taskId));
        assertThat(admin().get("/processes/{name}/invocations", name).then().extract().<List<?>>path("items")).hasSize(1);
        // each message is audited against the agent (as its deploy was); tasks/get is a read, and is not
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin().queryParam("process", name).get("/audit")
                .then().statusCode(200).extract().<List<String>>path("items.target")).filteredOn(t -> t.startsWith("/a2a"))
                .containsExactly("/a2a/" + name + " message/send", "/a2a/" + name + " message/send"));
    }

    @Test
    void aStreamedMessageReportsEachStateThenTheReply() throws Exception {
        String name = uniqueName("a2a-stream");
        deploy(agent(name, "1"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/a2a/" + name)).header("Authorization", "Bearer " + OPERATOR)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message("message/stream", UUID.randomUUID().toString(), ""))).build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ")) {
                    events.add(JSON.readTree(line.substring(6)));
                }
            }
        }
        assertThat(events).allSatisfy(e -> assertThat(e.path("id").asText()).isEqualTo("r-1"));
        List<JsonNode> results = events.stream().map(e -> e.get("result")).toList();
        assertThat(results.get(0).path("kind").asText()).isEqualTo("task");
        JsonNode last = results.get(results.size() - 1);
        assertThat(last.path("kind").asText()).isEqualTo("status-update");
        assertThat(last.path("final").asBoolean()).isTrue();
        assertThat(last.path("status").path("state").asText()).isEqualTo("completed");
        assertThat(results).filteredOn(r -> "artifact-update".equals(r.path("kind").asText()))
                .extracting(r -> r.path("artifact").path("parts").get(0).path("text").asText())
                .containsExactly("filed T-42: the printer is on fire");
        assertThat(results).extracting(r -> r.path("kind").asText().equals("task") ? r.path("status").path("state").asText()
                        : r.path("status").path("state").asText(""))
                .as("the states it went through").contains("working", "completed");
    }

    @Test
    void aWaitingTaskIsCancelledAndAnEndedOneCannotBe() {
        String name = uniqueName("a2a-cancel");
        deploy(agent(name, "600"));
        String taskId = rpc(OPERATOR, name).body(message("message/send", UUID.randomUUID().toString(), "")).post()
                .then().statusCode(200).extract().path("result.id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "WAITING".equals(admin().get("/invocations/{id}", taskId).then().extract().path("status")));
        String cancel = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tasks/cancel\",\"params\":{\"id\":\"" + taskId + "\"}}";
        rpc(OPERATOR, name).body(cancel).post().then().statusCode(200).body("result.status.state", equalTo("canceled"));
        rpc(OPERATOR, name).body(cancel).post().then().statusCode(200).body("error.code", equalTo(-32002));
        rpc(OPERATOR, name).body("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tasks/get\",\"params\":{\"id\":\"no-such-task\"}}").post()
                .then().statusCode(200).body("error.code", equalTo(-32001));
    }

    @Test
    void badMessagesAreRefusedWithTheReason() {
        String name = uniqueName("a2a-bad");
        deploy(agent(name, "0"));
        rpc(OPERATOR, name).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"message/send\",\"params\":{\"message\":{\"role\":\"user\","
                + "\"parts\":[{\"kind\":\"text\",\"text\":\"hi\"}]}}}").post()
                .then().statusCode(200).body("error.code", equalTo(-32602)).body("error.message", containsString("messageId"));
        rpc(OPERATOR, name).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"message/send\",\"params\":{\"message\":{\"role\":\"user\","
                + "\"messageId\":\"m\",\"parts\":[{\"kind\":\"file\",\"file\":{\"uri\":\"file:///etc/passwd\"}}]}}}").post()
                .then().statusCode(200).body("error.code", equalTo(-32005));
        rpc(OPERATOR, name).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks/pushNotificationConfig/set\",\"params\":{}}").post()
                .then().statusCode(200).body("error.code", equalTo(-32003));
        rpc(OPERATOR, name).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"agent/dance\"}").post()
                .then().statusCode(200).body("error.code", equalTo(-32601));
        rpc(OPERATOR, name).body("{\"jsonrpc\":\"2.0\"").post().then().statusCode(400).body("error.code", equalTo(-32700));
        rpc(null, name).body(message("message/send", "m-1", "")).post().then().statusCode(401).contentType("application/problem+json");
        rpc(tokenWithRole("viewer"), name).body(message("message/send", "m-1", "")).post().then().statusCode(403);
        rpc(OPERATOR, "no-such-agent").body(message("message/send", "m-1", "")).post().then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(admin().get("/processes/{name}/invocations", name).then().extract().<List<?>>path("items")).isEmpty();
    }

    private static RequestSpecification rpc(String token, String name) {
        RequestSpecification spec = given().config(Castellan.REST).baseUri(baseUrl()).basePath("/a2a/" + name).contentType("application/json");
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }
}

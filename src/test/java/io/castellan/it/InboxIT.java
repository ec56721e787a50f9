package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalData;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.it.ProviderAnswers.Call;
import io.castellan.it.ProviderStub.Protocol;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbox: an operator's messages reach the model at the start of its next turn (of the running
 * invocation, else the next one), highest priority first, each once; expired ones are dropped and
 * journaled; bad messages are refused and store nothing.
 */
class InboxIT {

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    /** Waits for an approval (a wait the test ends when it likes), then replies with what its inbox held at that turn. */
    private static String listening(String name) {
        return """
                name: %s
                model: scripted
                tools: [request_approval]
                script:
                  - {tool: request_approval, args: {summary: 'go on?'}}
                  - {reply: 'heard:{{#inbox}} [{{priority}}] {{message}};{{/inbox}}'}
                """.formatted(name);
    }

    private static String send(String process, String message, String priority, String ttl) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("message", message));
        if (priority != null) {
            body.put("priority", priority);
        }
        if (ttl != null) {
            body.put("ttl", ttl);
        }
        return admin().contentType(ContentType.JSON).body(body).post("/processes/{name}/inbox", process).then().statusCode(201)
                .extract().path("id");
    }

    private static List<String> pendingMessages(String process) {
        return admin().get("/processes/{name}/inbox", process).then().statusCode(200).extract().path("items.message");
    }

    @Test
    void aRunningInvocationHearsItsMessagesAtItsNextTurnHighestFirstAndOnce() {
        String name = uniqueName("inbox");
        deploy(listening(name));
        String id = invoke(name, "{}");
        String approval = (String) ApprovalIT.pendingOf(name).get("id");
        String low = send(name, "tidy up", "low", null);
        send(name, "stop the rollout", "high", "1h");
        send(name, "note the time", null, null);
        assertThat(pendingMessages(name)).containsExactly("stop the rollout", "note the time", "tidy up");

        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", approval).then().statusCode(200);
        assertThat(awaitEnded(id).getString("reply")).isEqualTo("heard: [high] stop the rollout; [normal] note the time; [low] tidy up;");
        assertThat(pendingMessages(name)).isEmpty();
        admin().get("/processes/{name}/inbox/{id}", name, low).then().statusCode(200).body("state", equalTo("delivered"))
                .body("delivered_to.invocation", equalTo(id)).body("delivered_to.turn", equalTo(1));
        List<Map<String, Object>> delivered = journalData(name, "INBOX_DELIVERED");
        assertThat(delivered).singleElement().satisfies(d -> assertThat(d).containsEntry("turn", 1));
        assertThat(journalData(name, "INBOX_RECEIVED")).hasSize(3);

        // each message once: the next invocation hears nothing
        String next = invoke(name, "{}");
        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", ApprovalIT.pendingOf(name).get("id"))
                .then().statusCode(200);
        assertThat(awaitEnded(next).getString("reply")).isEqualTo("heard:");
    }

    @Test
    void aMessageSentWhileNothingRunsWaitsForTheNextInvocationUnlessItExpires() {
        String name = uniqueName("inbox-idle");
        deploy("""
                name: %s
                model: scripted
                script:
                  - {reply: 'heard:{{#inbox}} {{message}} from {{from}};{{/inbox}}'}
                """.formatted(name));
        String expiring = send(name, "only for a second", "high", "1s");
        send(name, "still there", "low", "1h");
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingMessages(name).equals(List.of("still there")));
        await().atMost(Duration.ofSeconds(60)).until(() -> !journalData(name, "INBOX_EXPIRED").isEmpty());
        assertThat(journalData(name, "INBOX_EXPIRED")).singleElement().satisfies(d -> assertThat(d).containsEntry("id", expiring));
        admin().get("/processes/{name}/inbox/{id}", name, expiring).then().statusCode(200).body("state", equalTo("expired"));

        assertThat(awaitEnded(invoke(name, "{}")).getString("reply")).isEqualTo("heard: still there from api:admin;");
    }

    @Test
    void aProviderModelReadsTheMessagesAfterItsToolResults() {
        String name = uniqueName("inbox-llm");
        Protocol protocol = Protocol.OLLAMA;
        stub.enqueue(name, ProviderAnswers.toolCalls(protocol, new Call("call_1", "request_approval", "{\"summary\":\"deploy?\"}")),
                ProviderAnswers.text(protocol, "Stopped, as told."));
        deploy("""
                name: %s
                model: %s
                model_options: {base_url: '%s'}
                tools: [request_approval]
                """.formatted(name, protocol.model, protocol.baseUrl(stub, name)));
        String id = invoke(name, "{\"release\": \"2.4\"}");
        String approval = (String) ApprovalIT.pendingOf(name).get("id");
        send(name, "hold the release", "low", null);
        send(name, "STOP everything", "high", null);
        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", approval).then().statusCode(200);
        assertThat(awaitEnded(id).getString("reply")).isEqualTo("Stopped, as told.");

        List<ProviderStub.Request> sent = stub.requests(name);
        assertThat(sent).hasSize(2);
        List<JsonNode> messages = new ArrayList<>();
        sent.get(1).body().path("messages").forEach(messages::add);
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("role").asText()).isEqualTo("user");
        String text = last.path("content").asText();
        assertThat(text).contains("Messages from your operators").contains("STOP everything").contains("hold the release");
        assertThat(text.indexOf("STOP everything")).isLessThan(text.indexOf("hold the release"));
        assertThat(messages.get(messages.size() - 2).path("role").asText()).as("after the tool's result").isEqualTo("tool");
        assertThat(sent.get(0).body().toString()).doesNotContain("Messages from your operators");
    }

    @Test
    void badMessagesAreRefusedAndStoreNothing() {
        String name = uniqueName("inbox-bad");
        deploy(listening(name));
        String path = "/processes/{name}/inbox";
        admin().contentType(ContentType.JSON).body("{}").post(path, name).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("message"));
        admin().contentType(ContentType.JSON).body(Map.of("message", 7)).post(path, name).then().statusCode(400)
                .body("errors[0].field", equalTo("message"));
        admin().contentType(ContentType.JSON).body(Map.of("message", "x".repeat(256 * 1024 + 1))).post(path, name).then().statusCode(400)
                .body("errors[0].field", equalTo("message"));
        admin().contentType(ContentType.JSON).body(Map.of("message", "m", "priority", "urgent")).post(path, name).then().statusCode(400)
                .body("errors[0].field", equalTo("priority"));
        for (String ttl : List.of("0s", "8d", "soon", "90")) {
            admin().contentType(ContentType.JSON).body(Map.of("message", "m", "ttl", ttl)).post(path, name).then().statusCode(400)
                    .body("errors[0].field", equalTo("ttl"));
        }
        admin().contentType(ContentType.JSON).body("[\"m\"]").post(path, name).then().statusCode(400).body("errors[0].field", equalTo("body"));
        admin().contentType(ContentType.JSON).body(Map.of("message", "m")).post(path, "no-such-process").then().statusCode(404)
                .contentType("application/problem+json");
        api(tokenWithRole("viewer")).contentType(ContentType.JSON).body(Map.of("message", "m")).post(path, name).then().statusCode(403);
        admin().get("/processes/{name}/inbox/{id}", name, "no-such-message").then().statusCode(404);
        assertThat(pendingMessages(name)).isEmpty();
        assertThat(journalData(name, "INBOX_RECEIVED")).isEmpty();
    }
}

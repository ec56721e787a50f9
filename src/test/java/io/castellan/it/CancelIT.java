package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.awaitRunning;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalTypes;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.castellan.it.ProviderStub.Answer;
import io.castellan.it.ProviderStub.Protocol;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /invocations/{id}/cancel: at once while waiting, at the next step boundary while running, interrupting a call in flight. */
class CancelIT {

    /** Answers after 30 s: long past the time a cancel must take. */
    static final Receiver SLOW = new Receiver(30_000);

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    @AfterAll
    static void stopReceiver() {
        SLOW.close();
    }

    static String slowAgent(String name) {
        return """
                name: %s
                model: scripted
                tools: [http_request, state_set]
                network: {allow: [127.0.0.1]}
                script:
                  - {tool: http_request, args: {url: '%s', timeout_ms: 60000}}
                  - {tool: state_set, args: {key: after, value: true}}
                  - {reply: done}
                """.formatted(name, SLOW.url("/slow"));
    }

    @Test
    void interruptsAToolCallInFlightAndStopsThere() {
        String name = uniqueName("cancel-tool");
        deploy(slowAgent(name));
        String id = invoke(name, "{}");
        awaitRunning(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> SLOW.requests().stream().anyMatch(r -> r.idempotencyKey().startsWith(id)));

        admin().post("/invocations/{id}/cancel", id).then().statusCode(202).body("cancel_requested", equalTo(true));

        await().atMost(Duration.ofSeconds(15)).until(() -> "CANCELLED".equals(invocation(id).getString("status")));
        JsonPath done = invocation(id);
        assertThat(done.getString("error")).contains("cancelled by", "before step 1");
        assertThat(journalTypes(name, id)).containsSubsequence("CANCEL_REQUESTED", "TOOL_ERROR", "INVOCATION_CANCELLED")
                .doesNotContain("INVOCATION_FAILED");
        admin().get("/processes/{name}/state/after", name).then().statusCode(404);
        admin().get("/processes/{name}", name).then().body("state", equalTo("RUNNING"), "consecutive_failures", equalTo(0));
    }

    @Test
    void interruptsAModelCallInFlight() {
        String name = uniqueName("cancel-model");
        stub.enqueue(name, new Answer(200, "{}", Map.of(), 30_000));
        deploy("""
                name: %s
                model: ollama:llama3.2
                model_options: {base_url: '%s', timeout: 60s}
                """.formatted(name, Protocol.OLLAMA.baseUrl(stub, name)));
        String id = invoke(name, "{}");
        await().atMost(Duration.ofSeconds(30)).until(() -> !stub.requests(name).isEmpty());

        admin().post("/invocations/{id}/cancel", id).then().statusCode(202);

        await().atMost(Duration.ofSeconds(15)).until(() -> "CANCELLED".equals(invocation(id).getString("status")));
        assertThat(journalTypes(name, id)).contains("MODEL_REQUEST", "INVOCATION_CANCELLED").doesNotContain("MODEL_RESPONSE");
    }

    @Test
    void cancelsAWaitingInvocationAtOnceAndTheNextOneRuns() {
        String name = uniqueName("cancel-queued");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: 'ran {{trigger.payload.n}}'}]\n".formatted(name));
        admin().post("/processes/{name}/pause", name).then().statusCode(200);
        String first = invoke(name, "{\"n\": 1}");
        String second = invoke(name, "{\"n\": 2}");

        admin().post("/invocations/{id}/cancel", first).then().statusCode(202).body("status", equalTo("CANCELLED"));
        admin().post("/processes/{name}/resume", name).then().statusCode(200);

        assertThat(awaitEnded(second).getString("reply")).isEqualTo("ran 2");
        assertThat(invocation(first).getString("status")).isEqualTo("CANCELLED");
        assertThat(journalTypes(name, first)).containsExactly("TRIGGER_RECEIVED", "INVOCATION_CANCELLED");
    }

    @Test
    void refusesWhatCannotBeCancelled() {
        String name = uniqueName("cancel-ended");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        String id = invoke(name, "{}");
        awaitEnded(id);

        admin().post("/invocations/{id}/cancel", id).then().statusCode(409).body("detail", containsString("already ended"));
        admin().post("/invocations/{id}/cancel", "no-such-invocation").then().statusCode(404);
        api(Castellan.tokenWithRole("viewer")).post("/invocations/{id}/cancel", id).then().statusCode(403);
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.awaitDeadLetter;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.awaitRunning;
import static io.castellan.it.Castellan.deadLetterOfStopped;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalTypes;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** castellan.triggers.dlq through the API: what is there and why, replay, delete; and processes going on without it. */
class DeadLetterIT {

    static final Receiver SLOW = new Receiver(15_000);

    @AfterAll
    static void close() {
        SLOW.close();
    }

    @Test
    void aTriggerWhoseConsumerKeepsFailingEndsThereWithItsAttempts() {
        String name = uniqueName("dlq-poison");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        String ghost = UUID.randomUUID().toString();
        // a wake-up for an invocation row that never commits: every delivery fails until the broker gives up
        Castellan.send("castellan.triggers", "{\"v\":1,\"invocation\":\"" + ghost + "\"}", Map.of("process", name, "castellan_invocation", ghost));

        Map<String, Object> dead = awaitDeadLetter("invocation", ghost);

        assertThat(dead.get("process")).isEqualTo(name);
        assertThat(dead.get("attempts")).isEqualTo(5);
        assertThat((String) dead.get("reason")).contains("failed on every delivery");
        String id = (String) dead.get("id");
        admin().get("/dead-letters/{id}", id).then().statusCode(200).body("invocation", equalTo(ghost));
        api(Castellan.tokenWithRole("viewer")).delete("/dead-letters/{id}", id).then().statusCode(403);
        admin().delete("/dead-letters/{id}", id).then().statusCode(204);
        admin().get("/dead-letters/{id}", id).then().statusCode(404);
        assertThat(awaitEnded(invoke(name, "{}")).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aRefusedClientMessageIsReplayedOnceItsProcessRuns() {
        String name = uniqueName("dlq-replay");
        Map<String, Object> dead = deadLetterOfStopped(name, 41);
        assertThat((String) dead.get("reason")).contains("STOPPED");
        assertThat(dead.get("attempts")).isNull();
        assertThat(dead.get("trigger")).isEqualTo(Map.of("n", 41));

        admin().post("/processes/{name}/start", name).then().statusCode(200);
        admin().post("/dead-letters/{id}/replay", dead.get("id")).then().statusCode(202);

        String replayed = Castellan.awaitAnInvocation(name);
        assertThat(awaitEnded(replayed).getString("reply")).isEqualTo("got 41");
        admin().get("/dead-letters/{id}", dead.get("id")).then().statusCode(404);
    }

    @Test
    void aDeadLetteredInvocationFreesItsProcessAndCanBeReplayed() {
        String name = uniqueName("dlq-running");
        deploy("""
                name: %s
                model: scripted
                tools: [http_request]
                network: {allow: [127.0.0.1]}
                script:
                  - {tool: http_request, args: {url: '{{trigger.payload.url}}', timeout_ms: 60000}}
                  - {reply: 'called {{trigger.payload.tag}}'}
                """.formatted(name));
        String stuck = invoke(name, "{\"url\": \"" + SLOW.url("/") + "\", \"tag\": \"first\"}");
        awaitRunning(stuck);
        // as the broker does after the last failed delivery: the wake-up lands in the dead-letter queue
        Castellan.send("castellan.triggers.dlq", "{\"v\":1,\"invocation\":\"" + stuck + "\"}", Map.of("process", name, "castellan_invocation", stuck));

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(invocation(stuck).getString("status")));
        assertThat(invocation(stuck).getString("error")).contains("dead-lettered");
        String next = invoke(name, "{\"url\": \"" + SLOW.url("/quick") + "\", \"tag\": \"second\"}");
        awaitRunning(next);

        Map<String, Object> dead = awaitDeadLetter("invocation", stuck);
        assertThat(dead.get("trigger")).isEqualTo(Map.of("kind", "manual", "payload", Map.of("url", SLOW.url("/"), "tag", "first")));
        JsonPath replay = admin().post("/dead-letters/{id}/replay", dead.get("id")).then().statusCode(202).extract().jsonPath();

        String fresh = replay.getString("id");
        assertThat(fresh).isNotEqualTo(stuck);
        assertThat(awaitEnded(next).getString("status")).isEqualTo("COMPLETED");
        assertThat(awaitEnded(fresh).getString("reply")).isEqualTo("called first");
        assertThat(journalTypes(name, stuck)).contains("INVOCATION_FAILED", "DEAD_LETTER_REPLAYED");
    }
}

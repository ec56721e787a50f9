package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kills the server (kill -9) while invocations wait durably, some due while it is down and some
 * after it is back, and checks that each resumes exactly once, not before its time, and completes;
 * and that a memory stored before the kill is found after it.
 */
class WaitAcrossKillIT {

    private static final int PER_KIND = 5;


    @Test
    void everyWaitingInvocationResumesOnceAtItsTimeAcrossAKill() throws Exception {
        OwnServer.upAndReady();
        String token = OwnServer.generatedAdminToken();
        Map<String, Integer> waits = new java.util.LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int n = 0; n < 2 * PER_KIND; n++) {
            // short waits come due while the server is down; long ones after it is back
            int seconds = n < PER_KIND ? 15 : 55;
            String name = Castellan.uniqueName("wait-kill");
            OwnServer.api(token).contentType("application/yaml").body(WaitIT.waitingAgent(name, "{seconds: " + seconds + "}"))
                    .post("/processes").then().statusCode(201);
            names.add(name);
        }
        for (int n = 0; n < names.size(); n++) {
            String id = OwnServer.api(token).contentType(ContentType.JSON).body(Map.of("tag", "n" + n))
                    .post("/processes/{name}/invocations", names.get(n)).then().statusCode(202).extract().path("id");
            waits.put(id, n < PER_KIND ? 15 : 55);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> waits.keySet().stream().allMatch(id -> "WAITING".equals(status(token, id))));

        // a memory stored before the kill is found by meaning after it: the index is read again from the table
        OwnServer.api(token).contentType(ContentType.JSON).body(Map.of("text", MemoryIT.OUTAGE))
                .post("/processes/{name}/memories", names.get(0)).then().statusCode(201);

        OwnServer.killMinus9();
        Instant killedAt = Instant.now();
        OwnServer.startAndAwaitReady();
        List<Map<String, Object>> remembered = OwnServer.api(token).queryParam("q", "the schema upgrade took too long")
                .get("/processes/{name}/memories", names.get(0)).then().statusCode(200).extract().path("items");
        assertThat(remembered).singleElement().satisfies(m -> assertThat(m).containsEntry("text", MemoryIT.OUTAGE));
        System.out.printf("wait-kill: killed at %s, ready again after %d s%n", killedAt, Duration.between(killedAt, Instant.now()).toSeconds());

        await().atMost(Duration.ofSeconds(180)).until(() -> waits.keySet().stream().allMatch(id -> "COMPLETED".equals(status(token, id))));
        int i = 0;
        for (String id : waits.keySet()) {
            String name = names.get(i++);
            List<Map<String, Object>> journal = OwnServer.api(token).queryParam("limit", 1000).get("/processes/{name}/journal", name)
                    .then().extract().path("items");
            List<String> types = journal.stream().map(e -> (String) e.get("type")).toList();
            assertThat(types).as("invocation %s", id).containsSubsequence("INVOCATION_WAITING", "INVOCATION_RESUMED", "TOOL_RESULT",
                    "INVOCATION_COMPLETED");
            assertThat(types.stream().filter("INVOCATION_WAITING"::equals).count()).isEqualTo(1);
            assertThat(types.stream().filter("INVOCATION_COMPLETED"::equals).count()).isEqualTo(1);
            assertThat(types).doesNotContain("STEP_RETRIED");
            Map<?, ?> waiting = (Map<?, ?>) journal.stream().filter(e -> e.get("type").equals("INVOCATION_WAITING")).findFirst().orElseThrow()
                    .get("data");
            Instant until = Instant.parse((String) waiting.get("until"));
            Instant resumed = journal.stream().filter(e -> e.get("type").equals("INVOCATION_RESUMED"))
                    .filter(e -> "wait".equals(((Map<?, ?>) e.get("data")).get("after")))
                    .map(e -> Instant.parse((String) e.get("at"))).findFirst().orElseThrow();
            assertThat(resumed).as("resumed not before its time").isAfterOrEqualTo(until);
            assertThat(journal.stream().filter(e -> e.get("type").equals("INVOCATION_RESUMED")).count())
                    .as("resumed once, by its wait").isEqualTo(1);
            System.out.printf("wait-kill: %s waited %d s, resumed %d ms after its time%n", id, waits.get(id),
                    Duration.between(until, resumed).toMillis());
        }
    }

    private static String status(String token, String id) {
        return OwnServer.api(token).get("/invocations/{id}", id).then().extract().path("status");
    }
}

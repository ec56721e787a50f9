package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Accepts that arrive together commit together (one transaction for a group): each caller still
 * gets the answer its own trigger deserves. A burst from many clients mixes triggers for running
 * processes, for a stopped one (409), for one that does not exist (404), and repeats of the same
 * Idempotency-Key (one invocation, the same id for every repeat); every accepted trigger runs once.
 */
class GroupCommitIT {

    private static final int CLIENTS = 12;
    private static final int ROUNDS = 8;

    @Test
    void aBurstOfTriggersGetsOneAnswerEachWhateverItsGroup() throws Exception {
        List<String> running = List.of(uniqueName("group"), uniqueName("group"), uniqueName("group"));
        for (String name : running) {
            deploy("name: %s\nmodel: scripted\nscript: [{reply: \"n={{trigger.payload.n}}\"}]\n".formatted(name));
        }
        String stopped = uniqueName("group-stopped");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: never}]\n".formatted(stopped));
        admin().post("/processes/{name}/stop", stopped).then().statusCode(200);
        String missing = uniqueName("group-missing");

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> sent = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int n = 0; n < CLIENTS * ROUNDS; n++) {
            int k = n;
            String kind = switch (n % 6) {
                case 0 -> "stopped";
                case 1 -> "missing";
                case 2 -> "repeat";
                default -> "fresh";
            };
            kinds.add(kind);
            String target = switch (kind) {
                case "stopped" -> stopped;
                case "missing" -> missing;
                default -> running.get(n % running.size());
            };
            sent.add(clients.submit(() -> {
                go.await();
                var request = admin().contentType(ContentType.JSON).body(Map.of("n", k));
                if (kind.equals("repeat")) {
                    // the 16 repeats share 4 keys, each key on one process
                    request = request.header("Idempotency-Key", "burst-" + (k / 6) % 4);
                    return request.post("/processes/{name}/invocations", running.get(((k / 6) % 4) % running.size()));
                }
                return request.post("/processes/{name}/invocations", target);
            }));
        }
        go.countDown();
        Map<String, String> idOfKey = new HashMap<>();
        Set<String> accepted = new HashSet<>();
        int fresh = 0;
        for (int n = 0; n < sent.size(); n++) {
            Response response = sent.get(n).get();
            switch (kinds.get(n)) {
                case "stopped" -> {
                    assertThat(response.statusCode()).isEqualTo(409);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                    assertThat(response.jsonPath().getString("detail")).isEqualTo("process '" + stopped + "' is STOPPED; start it to accept triggers");
                }
                case "missing" -> {
                    assertThat(response.statusCode()).isEqualTo(404);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                }
                case "repeat" -> {
                    assertThat(response.statusCode()).isEqualTo(202);
                    String id = response.jsonPath().getString("id");
                    String first = idOfKey.putIfAbsent("burst-" + (n / 6) % 4, id);
                    assertThat(first == null ? id : first).as("every repeat of one key names one invocation").isEqualTo(id);
                    accepted.add(id);
                }
                default -> {
                    assertThat(response.statusCode()).isEqualTo(202);
                    assertThat(accepted.add(response.jsonPath().getString("id"))).as("a fresh trigger gets a fresh invocation").isTrue();
                    fresh++;
                }
            }
        }
        clients.shutdown();
        assertThat(idOfKey).hasSize(4);
        assertThat(accepted).hasSize(fresh + 4);
        await().atMost(Duration.ofMinutes(2)).until(() -> accepted.stream().allMatch(id -> "COMPLETED".equals(invocation(id).getString("status"))));
        int ran = 0;
        for (String name : running) {
            List<Map<String, Object>> all = admin().queryParam("limit", 200).get("/processes/{name}/invocations", name)
                    .then().statusCode(200).extract().path("items");
            assertThat(all).allSatisfy(i -> assertThat(i.get("status")).isEqualTo("COMPLETED"));
            ran += all.size();
        }
        assertThat(ran).as("one invocation per accepted trigger, none for a refused one or a repeat").isEqualTo(accepted.size());
        List<Map<String, Object>> none = admin().queryParam("limit", 10).get("/processes/{name}/invocations", stopped)
                .then().statusCode(200).extract().path("items");
        assertThat(none).isEmpty();
    }
}

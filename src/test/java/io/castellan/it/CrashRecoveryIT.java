package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kills the server (kill -9) while accepted triggers are queued and running, puts its cron schedule
 * three ticks behind (what three minutes down would leave), restarts it, and checks that every
 * trigger produced exactly one completed invocation, that each step that completed before the
 * crash was done once, and that the missed cron schedule fired once, for its latest tick, not once
 * per missed tick. Drives its own server, castellan-crash, created by the build.
 */
class CrashRecoveryIT {

    private static final int TRIGGERS = 30;

    private final Receiver receiver = new Receiver(150);

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }


    @Test
    void everyAcceptedTriggerCompletesExactlyOnceAcrossAKill() throws Exception {
        OwnServer.upAndReady();
        String token = OwnServer.generatedAdminToken();
        String name = Castellan.uniqueName("crash-agent");
        String cronName = Castellan.uniqueName("crash-cron");
        OwnServer.api(token).contentType("application/yaml").body("""
                name: %s
                model: scripted
                script:
                  - tool: http_request
                    args: {method: POST, url: "{{trigger.payload.url}}", body: "{{trigger.payload.n}}"}
                  - tool: state_set
                    args: {key: "done-{{trigger.payload.n}}", value: "{{steps.0.result.status}}"}
                  - reply: "done {{trigger.payload.n}}"
                tools: [http_request, state_set]
                network: {allow: ["127.0.0.1"]}
                """.formatted(name)).post("/processes").then().statusCode(201);

        OwnServer.api(token).contentType("application/yaml").body("""
                name: %s
                model: scripted
                script: [{reply: "tick {{trigger.payload.fired_at}}"}]
                triggers: [{cron: "* * * * *"}]
                """.formatted(cronName)).post("/processes").then().statusCode(201);

        List<String> accepted = new ArrayList<>();
        for (int n = 0; n < TRIGGERS; n++) {
            accepted.add(OwnServer.api(token).contentType(ContentType.JSON).header("Idempotency-Key", "trigger-" + n)
                    .body(Map.of("url", receiver.url("/work"), "n", n))
                    .post("/processes/{name}/invocations", name).then().statusCode(202).extract().path("id"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> completed(token, name) >= 2);

        OwnServer.killMinus9();
        Instant killedAt = Instant.now();
        // three minutes of downtime as the database sees them: the schedule's next fire time three
        // ticks behind the clock, written while the server is dead (waiting them out cost the run 60-120 s)
        Instant lastMissed = OwnServer.missTicks(cronName, 3);
        Instant restartedAt = Instant.now();
        OwnServer.startAndAwaitReady();

        await().atMost(Duration.ofSeconds(180)).until(() -> completed(token, name) == TRIGGERS);
        List<Map<String, Object>> invocations = OwnServer.api(token).queryParam("limit", 500)
                .get("/processes/{name}/invocations", name).then().extract().path("items");
        assertThat(invocations).hasSize(TRIGGERS);
        assertThat(invocations).extracting(i -> i.get("id")).containsExactlyInAnyOrderElementsOf(accepted);

        List<Map<String, Object>> journal = OwnServer.api(token).queryParam("limit", 1000).get("/processes/{name}/journal", name)
                .then().extract().path("items");
        Map<Object, Long> completions = journal.stream().filter(e -> e.get("type").equals("INVOCATION_COMPLETED"))
                .collect(Collectors.groupingBy(e -> e.get("invocationId"), Collectors.counting()));
        assertThat(completions).hasSize(TRIGGERS).allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
        long stateWrites = journal.stream().filter(e -> e.get("type").equals("STATE_CHANGED")).count();
        assertThat(stateWrites).as("state_set runs inside its recording transaction: exactly once").isEqualTo(TRIGGERS);

        List<String> firedAfterRestart = await().atMost(Duration.ofSeconds(90))
                .until(() -> cronFiredAt(token, cronName, restartedAt), fired -> !fired.isEmpty());
        long ticksSinceRestart = ChronoUnit.MINUTES.between(restartedAt.truncatedTo(ChronoUnit.MINUTES), Instant.now());
        assertThat(firedAfterRestart).as("two or more missed ticks fire once, then the schedule goes on").doesNotHaveDuplicates()
                .hasSizeLessThanOrEqualTo(1 + (int) ticksSinceRestart)
                .allSatisfy(tick -> assertThat(Instant.parse(tick)).as("the older missed ticks never fire").isAfterOrEqualTo(lastMissed));

        Map<String, List<Instant>> byKey = receiver.requests().stream().collect(Collectors.groupingBy(
                Receiver.Request::idempotencyKey, Collectors.mapping(Receiver.Request::at, Collectors.toList())));
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(accepted.stream().map(id -> id + ":0").toList());
        Map<String, List<Instant>> repeated = byKey.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        System.out.printf("crash: killed at %s, restarted at %s, repeated http steps: %s%n", killedAt, restartedAt, repeated);
        assertThat(repeated).as("only the step in flight at the kill runs again: once before the kill, once after the restart")
                .hasSizeLessThanOrEqualTo(1)
                .allSatisfy((key, attempts) -> {
                    assertThat(attempts).hasSize(2);
                    assertThat(attempts.get(0)).isBefore(killedAt);
                    assertThat(attempts.get(1)).isAfter(restartedAt);
                });
        List<String> retriedKeys = journal.stream().filter(e -> e.get("type").equals("STEP_RETRIED"))
                .map(e -> (String) ((Map<?, ?>) e.get("data")).get("idempotency_key")).toList();
        assertThat(retriedKeys).as("a step run again after the crash is journaled as STEP_RETRIED, with its key")
                .containsAll(repeated.keySet());
        long retried = repeated.size();
        System.out.printf("crash: %d accepted, %d completed, 0 lost, %d in-flight http steps retried%n",
                TRIGGERS, completions.size(), retried);
    }

    private static int completed(String token, String name) {
        return OwnServer.api(token).queryParam("status", "COMPLETED").queryParam("limit", 500)
                .get("/processes/{name}/invocations", name).then().extract().path("items.size()");
    }

    private static List<String> cronFiredAt(String token, String process, Instant after) {
        List<Map<String, Object>> items = OwnServer.api(token).queryParam("limit", 500).get("/processes/{name}/invocations", process)
                .then().extract().path("items");
        return items.stream()
                .filter(i -> Instant.parse((String) i.get("queued_at")).isAfter(after))
                .map(i -> (String) ((Map<?, ?>) ((Map<?, ?>) i.get("trigger")).get("payload")).get("fired_at"))
                .toList();
    }
}

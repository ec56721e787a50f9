package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The crash harness: agents whose tools call a local receiver, triggers fired at them, the server
 * killed with kill -9 at a random moment, restarted, again and again. After all cycles it prints
 * triggers accepted, invocations completed, lost, duplicated completed steps and retried in-flight
 * steps, and passes only with 0 lost and 0 duplicated. Half the agents wait durably (the {@code wait}
 * tool) between their calls, so kills also land on invocations that are WAITING or resuming. The test command runs 3 cycles;
 * {@code mvn verify -Pcrash -Dcycles=200} runs as many as asked.
 */
class CrashHarnessIT {

    private static final int CYCLES = Integer.getInteger("crash.cycles", 3);
    /** Invocations of different processes run at once, so each kill lands on several in flight. */
    private static final int AGENTS = Integer.getInteger("crash.agents", 8);
    /** Each cycle makes two calls per trigger; the kill comes after a random number of them, with steps in flight. */
    private static final int TRIGGERS_PER_CYCLE = 20;
    private static final Receiver RECEIVER = new Receiver(250);

    @AfterAll
    static void stopAll() throws Exception {
        RECEIVER.close();
        OwnServer.stop();
    }

    @Test
    void nothingLostNothingDoneTwiceAcrossKills() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        OwnServer.startAndAwaitReady();
        String token = OwnServer.generatedAdminToken();
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String name = Castellan.uniqueName(i % 2 == 1 ? "harness-wait" : "harness");
            String pause = i % 2 == 1 ? "\n  - {tool: wait, args: {seconds: 1}}" : "";
            OwnServer.api(token).contentType("application/yaml").body("""
                    name: %s
                    model: scripted
                    tools: [http_request, state_set, wait]
                    network: {allow: [127.0.0.1]}
                    script:
                      - {tool: http_request, args: {method: POST, url: '%s', body: '{{trigger.payload.n}}'}}%s
                      - {tool: state_set, args: {key: 'n-{{trigger.payload.n}}', value: '{{steps.0.result.status}}'}}
                      - {tool: http_request, args: {method: POST, url: '%s', body: 'second {{trigger.payload.n}}'}}
                      - {reply: 'done {{trigger.payload.n}}'}
                    """.formatted(name, RECEIVER.url("/first"), pause, RECEIVER.url("/second"))).post("/processes").then().statusCode(201);
            agents.add(name);
        }

        Map<String, String> accepted = new HashMap<>();
        int n = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            int seen = RECEIVER.requests().size();
            for (int i = 0; i < TRIGGERS_PER_CYCLE; i++, n++) {
                String agent = agents.get(n % AGENTS);
                accepted.put(accept(token, agent, n), agent);
            }
            // a random moment in this cycle's work: after a random number of its calls reached the receiver
            int calls = 1 + random.nextInt(TRIGGERS_PER_CYCLE);
            await().atMost(Duration.ofMinutes(2)).until(() -> RECEIVER.requests().size() >= seen + calls);
            OwnServer.killMinus9();
            OwnServer.startAndAwaitReady();
        }

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> ended(token, agents) >= accepted.size());
        Map<String, Map<String, Object>> invocations = new HashMap<>();
        List<Map<String, Object>> journal = new ArrayList<>();
        for (String agent : agents) {
            invocations(token, agent).forEach(i -> invocations.put((String) i.get("id"), i));
            journal.addAll(pages(token, "/processes/{name}/journal", agent, "after", 1000));
        }
        long completed = accepted.keySet().stream().filter(id -> invocations.containsKey(id)
                && "COMPLETED".equals(invocations.get(id).get("status"))).count();
        List<String> lost = accepted.keySet().stream().filter(id -> !invocations.containsKey(id)
                || !"COMPLETED".equals(invocations.get(id).get("status"))).toList();

        // a completed step is one whose outcome was journaled: no request for it may come after that
        Map<String, Instant> outcomeAt = journal.stream().filter(e -> "TOOL_RESULT".equals(e.get("type")) || "TOOL_ERROR".equals(e.get("type")))
                .collect(Collectors.toMap(e -> e.get("invocationId") + ":" + ((Map<?, ?>) e.get("data")).get("step"),
                        e -> Instant.parse((String) e.get("at")), (a, b) -> a));
        List<Receiver.Request> duplicated = RECEIVER.requests().stream()
                .filter(r -> outcomeAt.containsKey(r.idempotencyKey()) && r.at().isAfter(outcomeAt.get(r.idempotencyKey())))
                .toList();
        long stateWrites = journal.stream().filter(e -> "STATE_CHANGED".equals(e.get("type"))).count();
        long retried = journal.stream().filter(e -> "STEP_RETRIED".equals(e.get("type"))).count();
        Map<Object, Long> waitsPerInvocation = journal.stream().filter(e -> "INVOCATION_WAITING".equals(e.get("type")))
                .collect(Collectors.groupingBy(e -> e.get("invocationId"), Collectors.counting()));
        long waiters = accepted.values().stream().filter(a -> a.startsWith("harness-wait")).count();
        Map<String, Long> perKey = RECEIVER.requests().stream().collect(Collectors.groupingBy(Receiver.Request::idempotencyKey, Collectors.counting()));
        long repeatedRequests = perKey.values().stream().filter(c -> c > 1).count();

        System.out.printf("%n=== crash harness: %d cycles of kill -9 (seed %d) ===%n", CYCLES, seed);
        System.out.printf("triggers accepted            %d%n", accepted.size());
        System.out.printf("invocations completed        %d%n", completed);
        System.out.printf("lost                         %d %s%n", lost.size(), lost);
        System.out.printf("duplicated completed steps   %d %s%n", duplicated.size(), duplicated);
        System.out.printf("retried in-flight steps      %d (STEP_RETRIED), %d requests seen more than once%n", retried, repeatedRequests);
        System.out.printf("state writes (exactly once)  %d of %d%n", stateWrites, accepted.size());
        System.out.printf("durable waits (once each)    %d invocations waited, of %d that wait%n", waitsPerInvocation.size(), waiters);

        assertThat(lost).as("lost").isEmpty();
        assertThat(duplicated).as("duplicated completed steps").isEmpty();
        assertThat(stateWrites).as("state_set runs inside its recording transaction").isEqualTo(accepted.size());
        assertThat(perKey.keySet()).as("both http steps of every invocation reached the receiver").hasSize(2 * accepted.size());
        assertThat(waitsPerInvocation).as("each waiting agent's invocation waited exactly once").hasSize((int) waiters)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
    }

    /**
     * Fires trigger n as a careful client does: a 503 (broker or database not answering yet, right
     * after a restart) is retried with the same Idempotency-Key, so it cannot be accepted twice.
     */
    private static String accept(String token, String agent, int n) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            io.restassured.response.Response response = OwnServer.api(token).contentType(ContentType.JSON)
                    .header("Idempotency-Key", "harness-" + n).body(Map.of("n", n)).post("/processes/{name}/invocations", agent);
            assertThat(response.statusCode()).as(response.asString()).isIn(202, 503);
            return response.statusCode() == 202 ? response.path("id").toString() : null;
        }, id -> id != null);
    }

    private static int ended(String token, List<String> agents) {
        int ended = 0;
        for (String agent : agents) {
            ended += (int) invocations(token, agent).stream().filter(i -> Castellan.ENDED.contains((String) i.get("status"))).count();
        }
        return ended;
    }

    private static List<Map<String, Object>> invocations(String token, String agent) {
        return pages(token, "/processes/{name}/invocations", agent, "cursor", 500);
    }

    /** Every item of a paged list, following next_cursor through the parameter that takes it. */
    private static List<Map<String, Object>> pages(String token, String path, String process, String cursorParameter, int limit) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = OwnServer.api(token).queryParam("limit", limit);
            if (cursor != null) {
                request = request.queryParam(cursorParameter, cursor);
            }
            io.restassured.path.json.JsonPath page = request.get(path, process).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return all;
    }
}

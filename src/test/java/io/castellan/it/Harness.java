package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The crash harness's agents, triggers and reckoning, for one server (CrashHarnessIT) or a fleet
 * (ClusterFailoverIT): agents whose two tool calls reach a local receiver, and, once everything
 * has ended, what was lost and what was done twice.
 */
final class Harness {

    private Harness() {
    }

    /** An agent whose invocations call the receiver twice and write state once; a waiting one waits a second between. */
    static String agent(String name, Receiver receiver, boolean waits) {
        String pause = waits ? "\n  - {tool: wait, args: {seconds: 1}}" : "";
        return """
                name: %s
                model: scripted
                tools: [http_request, state_set, wait]
                network: {allow: [127.0.0.1]}
                script:
                  - {tool: http_request, args: {method: POST, url: '%s', body: '{{trigger.payload.n}}'}}%s
                  - {tool: state_set, args: {key: 'n-{{trigger.payload.n}}', value: '{{steps.0.result.status}}'}}
                  - {tool: http_request, args: {method: POST, url: '%s', body: 'second {{trigger.payload.n}}'}}
                  - {reply: 'done {{trigger.payload.n}}'}
                """.formatted(name, receiver.url("/first"), pause, receiver.url("/second"));
    }

    /**
     * Fires trigger n as a careful client does: a 503 (broker or database not answering yet, right
     * after a restart) is retried with the same Idempotency-Key, so it cannot be accepted twice.
     */
    static String accept(Supplier<RequestSpecification> api, String agent, int n) {
        // the first try at once: a poll interval alone also delays the first one by as much
        return await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            io.restassured.response.Response response = api.get().contentType(ContentType.JSON)
                    .header("Idempotency-Key", "harness-" + n).body(Map.of("n", n)).post("/processes/{name}/invocations", agent);
            assertThat(response.statusCode()).as(response.asString()).isIn(202, 503);
            return response.statusCode() == 202 ? response.path("id").toString() : null;
        }, id -> id != null);
    }

    static int ended(Supplier<RequestSpecification> api, List<String> agents) {
        int ended = 0;
        for (String agent : agents) {
            ended += (int) invocations(api, agent).stream().filter(i -> Castellan.ENDED.contains((String) i.get("status"))).count();
        }
        return ended;
    }

    static List<Map<String, Object>> invocations(Supplier<RequestSpecification> api, String agent) {
        return pages(api, "/processes/{name}/invocations", agent, "cursor", 500);
    }

    static List<Map<String, Object>> journal(Supplier<RequestSpecification> api, String agent) {
        return pages(api, "/processes/{name}/journal", agent, "after", 1000);
    }

    /** Every item of a paged list, following next_cursor through the parameter that takes it. */
    private static List<Map<String, Object>> pages(Supplier<RequestSpecification> api, String path, String process, String cursorParameter, int limit) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = api.get().queryParam("limit", limit);
            if (cursor != null) {
                request = request.queryParam(cursorParameter, cursor);
            }
            io.restassured.path.json.JsonPath page = request.get(path, process).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return all;
    }

    /** What the harness found once everything ended. */
    record Reckoning(int accepted, long completed, List<String> lost, List<Receiver.Request> duplicated, long retried,
                     long repeatedRequests, long stateWrites, Map<String, Long> requestsPerKey, Map<Object, Long> waitsPerInvocation,
                     List<Map<String, Object>> journal) {

        void print() {
            System.out.printf("triggers accepted            %d%n", accepted);
            System.out.printf("invocations completed        %d%n", completed);
            System.out.printf("lost                         %d %s%n", lost.size(), lost);
            System.out.printf("duplicated completed steps   %d %s%n", duplicated.size(), duplicated);
            System.out.printf("retried in-flight steps      %d (STEP_RETRIED), %d requests seen more than once%n", retried, repeatedRequests);
            System.out.printf("state writes (exactly once)  %d of %d%n", stateWrites, accepted);
        }

        /** Nothing lost, nothing done twice: every step ran once, or again only before its outcome was recorded. */
        void assertExactlyOnce() {
            assertThat(lost).as("lost").isEmpty();
            assertThat(duplicated).as("duplicated completed steps").isEmpty();
            assertThat(stateWrites).as("state_set runs inside its recording transaction").isEqualTo(accepted);
            assertThat(requestsPerKey.keySet()).as("both http steps of every invocation reached the receiver").hasSize(2 * accepted);
        }
    }

    static Reckoning reckon(Supplier<RequestSpecification> api, List<String> agents, Map<String, String> accepted, Receiver receiver) {
        Map<String, Map<String, Object>> invocations = new HashMap<>();
        List<Map<String, Object>> journal = new ArrayList<>();
        for (String agent : agents) {
            invocations(api, agent).forEach(i -> invocations.put((String) i.get("id"), i));
            journal.addAll(journal(api, agent));
        }
        long completed = accepted.keySet().stream().filter(id -> invocations.containsKey(id)
                && "COMPLETED".equals(invocations.get(id).get("status"))).count();
        List<String> lost = accepted.keySet().stream().filter(id -> !invocations.containsKey(id)
                || !"COMPLETED".equals(invocations.get(id).get("status"))).toList();
        // a completed step is one whose outcome was journaled: no request for it may come after that
        Map<String, Instant> outcomeAt = journal.stream().filter(e -> "TOOL_RESULT".equals(e.get("type")) || "TOOL_ERROR".equals(e.get("type")))
                .collect(Collectors.toMap(e -> e.get("invocationId") + ":" + ((Map<?, ?>) e.get("data")).get("step"),
                        e -> Instant.parse((String) e.get("at")), (a, b) -> a));
        List<Receiver.Request> duplicated = receiver.requests().stream()
                .filter(r -> outcomeAt.containsKey(r.idempotencyKey()) && r.at().isAfter(outcomeAt.get(r.idempotencyKey())))
                .toList();
        long stateWrites = journal.stream().filter(e -> "STATE_CHANGED".equals(e.get("type"))).count();
        long retried = journal.stream().filter(e -> "STEP_RETRIED".equals(e.get("type"))).count();
        Map<Object, Long> waitsPerInvocation = journal.stream().filter(e -> "INVOCATION_WAITING".equals(e.get("type")))
                .collect(Collectors.groupingBy(e -> e.get("invocationId"), Collectors.counting()));
        Map<String, Long> perKey = receiver.requests().stream().collect(Collectors.groupingBy(Receiver.Request::idempotencyKey, Collectors.counting()));
        long repeated = perKey.values().stream().filter(c -> c > 1).count();
        return new Reckoning(accepted.size(), completed, lost, duplicated, retried, repeated, stateWrites, perKey, waitsPerInvocation, journal);
    }
}

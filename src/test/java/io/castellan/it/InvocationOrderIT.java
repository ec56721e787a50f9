package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which invocation runs when: one at a time per process in arrival order, paused and stopped processes, new versions. */
class InvocationOrderIT {

    @Test
    void whilePausedTriggersQueueAndRunOnResume() {
        String name = uniqueName("paused");
        deploy(InvocationIT.monitor(name));
        admin().post("/processes/{name}/pause", name).then().statusCode(200);

        try (Receiver receiver = new Receiver()) {
            String first = invoke(name, "{\"url\": \"" + receiver.url("/paused/1") + "\"}");
            String second = invoke(name, "{\"url\": \"" + receiver.url("/paused/2") + "\"}");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> invocation(first).getString("status").equals("QUEUED"));

            admin().post("/processes/{name}/resume", name).then().statusCode(200);

            assertThat(awaitEnded(first).getString("status")).isEqualTo("COMPLETED");
            assertThat(awaitEnded(second).getString("status")).isEqualTo("COMPLETED");
            assertThat(instant(first, "finished_at")).isBefore(instant(second, "started_at"));
        }
    }

    @Test
    void invocationsOfOneProcessRunOneAtATimeInArrivalOrder() {
        String name = uniqueName("serial");
        deploy(InvocationIT.monitor(name));
        try (Receiver slow = new Receiver(50)) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(invoke(name, "{\"url\": \"" + slow.url("/serial/" + i) + "\"}"));
            }
            ids.forEach(Castellan::awaitEnded);
            for (int i = 1; i < ids.size(); i++) {
                assertThat(instant(ids.get(i - 1), "finished_at")).as("invocation %d ended before %d started", i - 1, i)
                        .isBeforeOrEqualTo(instant(ids.get(i), "started_at"));
            }
            assertThat(slow.requests()).extracting(Receiver.Request::path)
                    .containsExactly("/serial/0", "/serial/1", "/serial/2", "/serial/3", "/serial/4", "/serial/5", "/serial/6", "/serial/7");
        }
    }

    /**
     * Triggers fired from many clients at once at busy processes: each one is accepted while
     * another of its process runs or ends, so the accept's "busy, park it" and the ending's
     * "hand the turn on" race. None may be left parked behind an idle process.
     */
    @Test
    void aBacklogFiredConcurrentlyIsWorkedThroughInArrivalOrder() throws Exception {
        List<String> processes = List.of(uniqueName("backlog"), uniqueName("backlog"));
        for (String name : processes) {
            deploy("""
                    name: %s
                    model: scripted
                    tools: [state_set]
                    script:
                      - {tool: state_set, args: {key: last, value: "{{trigger.payload.n}}"}}
                      - reply: "{{trigger.payload.n}}"
                    """.formatted(name));
        }
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<String>> sent = new java.util.ArrayList<>();
        for (int n = 0; n < 120; n++) {
            String process = processes.get(n % 2);
            String payload = "{\"n\": " + n + "}";
            sent.add(clients.submit(() -> invoke(process, payload)));
        }
        List<String> ids = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<String> f : sent) {
            ids.add(f.get());
        }
        clients.shutdown();
        await().atMost(Duration.ofMinutes(2)).until(() -> ids.stream().allMatch(id -> "COMPLETED".equals(invocation(id).getString("status"))));
        for (String name : processes) {
            List<Map<String, Object>> done = admin().queryParam("limit", 100).queryParam("status", "COMPLETED")
                    .get("/processes/{name}/invocations", name).then().statusCode(200).extract().path("items");
            assertThat(done).hasSize(60);
            List<Map<String, Object>> byArrival = done.stream()
                    .sorted(java.util.Comparator.comparing((Map<String, Object> i) -> at(i, "queued_at")).thenComparing(i -> (String) i.get("id")))
                    .toList();
            for (int i = 1; i < byArrival.size(); i++) {
                assertThat(at(byArrival.get(i - 1), "finished_at")).as("arrival %d ended before %d started", i - 1, i)
                        .isBeforeOrEqualTo(at(byArrival.get(i), "started_at"));
            }
            assertThat(Castellan.process(name).getString("active_invocation")).as("%s is idle at the end", name).isNull();
        }
    }

    /**
     * A backlog worked through on one thread: each ending hands the turn to the next one, which
     * reads the state its predecessor wrote and ends once.
     */
    @Test
    void aBacklogSeesEachPredecessorsStateInOrder() {
        String name = uniqueName("backlog");
        deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                script:
                  - {tool: state_set, args: {key: before, value: "{{state.last}}"}}
                  - {tool: state_set, args: {key: last, value: "{{trigger.payload.n}}"}}
                  - reply: "{{trigger.payload.n}} after {{state.before}}"
                """.formatted(name));
        admin().contentType(ContentType.JSON).body("\"0\"").put("/processes/{name}/state/last", name).then().statusCode(200);
        admin().post("/processes/{name}/pause", name).then().statusCode(200);
        List<String> ids = new java.util.ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            ids.add(invoke(name, "{\"n\": " + n + "}"));
        }
        admin().post("/processes/{name}/resume", name).then().statusCode(200);
        for (int n = 1; n <= 20; n++) {
            JsonPath ended = awaitEnded(ids.get(n - 1));
            assertThat(ended.getString("status")).isEqualTo("COMPLETED");
            assertThat(ended.getString("reply")).isEqualTo(n + " after " + (n - 1));
        }
        List<String> ended = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().statusCode(200)
                .extract().path("items.findAll { it.type == 'INVOCATION_COMPLETED' }.invocationId");
        assertThat(ended).as("each ended once").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    }

    private static java.time.Instant at(Map<String, Object> invocation, String field) {
        return java.time.Instant.parse((String) invocation.get(field));
    }

    private static java.time.Instant instant(String invocationId, String field) {
        return java.time.Instant.parse(invocation(invocationId).getString(field));
    }

    @Test
    void aStoppedProcessRefusesTriggers() {
        String name = uniqueName("stopped");
        deploy(InvocationIT.monitor(name));
        admin().post("/processes/{name}/stop", name).then().statusCode(200);

        admin().contentType(ContentType.JSON).body("{}").post("/processes/{name}/invocations", name)
                .then().statusCode(409).body("detail", equalTo("process '" + name + "' is STOPPED; start it to accept triggers"));
    }

    @Test
    void aNewVersionRunsNewInvocations() {
        String name = uniqueName("versions");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: one}]\n".formatted(name));
        assertThat(awaitEnded(invoke(name, "{}")).getString("reply")).isEqualTo("one");

        admin().contentType("application/yaml").body("name: %s\nmodel: scripted\nscript: [{reply: two}]\n".formatted(name))
                .put("/processes/{name}", name).then().statusCode(200);

        JsonPath second = awaitEnded(invoke(name, "{}"));
        assertThat(second.getString("reply")).isEqualTo("two");
        assertThat(second.getInt("version")).isEqualTo(2);
    }

    @Test
    void aRunningInvocationFinishesOnTheVersionItStartedWith() {
        String name = uniqueName("midupdate");
        String manifest = """
                name: %s
                model: scripted
                script:
                  - tool: http_request
                    args: {url: "{{trigger.payload.url}}"}
                  - reply: "%s"
                tools: [http_request]
                network: {allow: ["127.0.0.1"]}
                """;
        deploy(manifest.formatted(name, "old"));
        try (Receiver slow = new Receiver(3000)) {
            String id = invoke(name, "{\"url\": \"" + slow.url("/slow") + "\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> !slow.requests().isEmpty());

            admin().contentType("application/yaml").body(manifest.formatted(name, "new")).put("/processes/{name}", name)
                    .then().statusCode(200).body("version", equalTo(2));

            JsonPath done = awaitEnded(id);
            assertThat(done.getString("reply")).isEqualTo("old");
            assertThat(done.getInt("version")).isEqualTo(1);
        }
    }
}

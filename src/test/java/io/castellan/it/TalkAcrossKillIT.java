package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The event bus's outbox across kill -9: events accepted by the API just before the kill, and
 * events published by agents' steps, each reach the subscriber exactly once after the restart,
 * whether or not they had reached the broker when the server died; and agents waiting on
 * {@code ask_agent} when it died get their answer once. And every other write the API answered in
 * that last burst (state values, pauses) is there after the restart: an answer comes only once its
 * commit is in the database's file.
 */
class TalkAcrossKillIT {

    private static final int API_EVENTS = 60;
    private static final int PUBLISHERS = 5;
    private static final int ASKERS = 3;
    private static final int KEEPERS = 6;
    private static final int KEYS = 5;


    @Test
    void everyAcceptedEventStartsOneInvocationAcrossAKill() throws Exception {
        OwnServer.upAndReady();
        String token = OwnServer.generatedAdminToken();
        String domain = Castellan.uniqueName("killbus");
        String subscriber = Castellan.uniqueName("kill-sub");
        deploy(token, """
                name: %s
                model: scripted
                triggers:
                  - event: "%s.#"
                script:
                  - {reply: 'got {{trigger.payload.event_id}}'}
                """.formatted(subscriber, domain));
        List<String> publishers = new ArrayList<>();
        for (int n = 0; n < PUBLISHERS; n++) {
            String name = Castellan.uniqueName("kill-pub");
            // publishes, then waits durably: the kill lands while it waits, after its event committed
            deploy(token, """
                    name: %s
                    model: scripted
                    tools: [publish_event, wait]
                    script:
                      - {tool: publish_event, args: {topic: '%s.from-agent', payload: {n: %d}}}
                      - {tool: wait, args: {seconds: 5}}
                      - {reply: '{{steps.0.result.event_id}}'}
                    """.formatted(name, domain, n));
            publishers.add(name);
        }
        // askers wait for the answer of a process that itself waits: the kill lands while both wait
        List<String> askers = new ArrayList<>();
        for (int n = 0; n < ASKERS; n++) {
            String asked = Castellan.uniqueName("kill-asked");
            deploy(token, """
                    name: %s
                    model: scripted
                    tools: [wait]
                    triggers:
                      - message:
                    script:
                      - {tool: wait, args: {seconds: 6}}
                      - {reply: 'answer to {{trigger.payload.question}}'}
                    """.formatted(asked));
            String asker = Castellan.uniqueName("kill-asker");
            deploy(token, """
                    name: %s
                    model: scripted
                    tools: [ask_agent]
                    script:
                      - {tool: ask_agent, args: {to: %s, question: 'q%d', timeout: 5m}}
                      - {reply: '{{steps.0.result.answer}}'}
                    """.formatted(asker, asked, n));
            askers.add(OwnServer.api(token).contentType(ContentType.JSON).body("{}")
                    .post("/processes/{name}/invocations", asker).then().statusCode(202).extract().path("id"));
        }
        List<String> invocations = new ArrayList<>();
        for (String name : publishers) {
            invocations.add(OwnServer.api(token).contentType(ContentType.JSON).body("{}")
                    .post("/processes/{name}/invocations", name).then().statusCode(202).extract().path("id"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> invocations.stream().allMatch(id -> "WAITING".equals(status(token, id))));
        await().atMost(Duration.ofSeconds(60)).until(() -> askers.stream().allMatch(id -> "WAITING".equals(status(token, id))));

        List<String> keepers = new ArrayList<>();
        for (int n = 0; n < KEEPERS; n++) {
            String name = Castellan.uniqueName("kill-keep");
            deploy(token, """
                    name: %s
                    model: scripted
                    script:
                      - {reply: 'kept'}
                    """.formatted(name));
            keepers.add(name);
        }

        // a burst from 6 clients; the kill comes right after the last 202, with some events still on their way to the broker
        List<String> accepted = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> writes = new ArrayList<>();
        for (String keeper : keepers) {
            for (int k = 0; k < KEYS; k++) {
                int value = k;
                writes.add(clients.submit(() -> OwnServer.api(token).contentType(ContentType.JSON).body(Map.of("v", value))
                        .put("/processes/{name}/state/{key}", keeper, "k" + value).then().statusCode(200)));
            }
            writes.add(clients.submit(() -> OwnServer.api(token).post("/processes/{name}/pause", keeper).then().statusCode(200)));
        }
        List<Future<String>> sends = new ArrayList<>();
        for (int n = 0; n < API_EVENTS; n++) {
            int i = n;
            sends.add(clients.submit(() -> OwnServer.api(token).contentType(ContentType.JSON).body(Map.of("n", i))
                    .post("/events/{topic}", domain + ".from-api").then().statusCode(202).extract().<String>path("id")));
        }
        for (Future<String> send : sends) {
            accepted.add(send.get());
        }
        for (Future<?> write : writes) {
            write.get();
        }
        clients.shutdown();
        OwnServer.killMinus9();
        OwnServer.startAndAwaitReady();

        for (String keeper : keepers) {
            assertThat(OwnServer.api(token).get("/processes/{name}", keeper).then().statusCode(200).extract().<String>path("state"))
                    .as("pause of %s, answered before the kill", keeper).isEqualTo("PAUSED");
            for (int k = 0; k < KEYS; k++) {
                assertThat(OwnServer.api(token).get("/processes/{name}/state/{key}", keeper, "k" + k).then().statusCode(200)
                        .extract().<Integer>path("value.v")).as("state k%d of %s, answered before the kill", k, keeper).isEqualTo(k);
            }
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> invocations.stream().allMatch(id -> "COMPLETED".equals(status(token, id))));
        await().atMost(Duration.ofSeconds(120)).until(() -> askers.stream().allMatch(id -> "COMPLETED".equals(status(token, id))));
        for (int n = 0; n < ASKERS; n++) {
            String id = askers.get(n);
            assertThat(OwnServer.api(token).get("/invocations/{id}", id).then().extract().<String>path("reply")).isEqualTo("answer to q" + n);
            String process = OwnServer.api(token).get("/invocations/{id}", id).then().extract().path("process");
            List<String> types = OwnServer.api(token).queryParam("limit", 1000).get("/processes/{name}/journal", process).then()
                    .extract().path("items.type");
            assertThat(types.stream().filter("INVOCATION_RESUMED"::equals).count()).as("asker %s resumed once", id).isEqualTo(1);
        }
        for (String id : invocations) {
            accepted.add(OwnServer.api(token).get("/invocations/{id}", id).then().extract().path("reply"));
        }
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> accepted.stream().allMatch(event -> deliveries(token, event).size() == 1));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("events not delivered exactly once after 120 s:\n" + undelivered(token, accepted)
                    + "\nthe server's last warnings and errors:\n" + OwnServer.recentProblems(40), e);
        }
        for (String event : accepted) {
            List<Map<String, Object>> started = deliveries(token, event);
            assertThat(started).as("event %s", event).hasSize(1);
            assertThat(started.get(0)).containsEntry("process", subscriber);
        }
        // nothing twice: the subscriber ran once per event, no more
        await().atMost(Duration.ofSeconds(60)).until(() -> invocationsOf(token, subscriber) >= accepted.size());
        assertThat(invocationsOf(token, subscriber)).isEqualTo(accepted.size());
        int agentEvents = OwnServer.api(token).queryParam("topic", domain + ".from-agent").get("/events").then().statusCode(200)
                .extract().<List<Object>>path("items").size();
        assertThat(agentEvents).as("one event per publishing step, none again on resume").isEqualTo(PUBLISHERS);
        System.out.printf("events-kill: %d events accepted before the kill (%d by the API, %d by agents' steps), each started one invocation%n",
                accepted.size(), API_EVENTS, PUBLISHERS);
    }

    private static void deploy(String token, String manifest) {
        OwnServer.api(token).contentType("application/yaml").body(manifest).post("/processes").then().statusCode(201);
    }

    /** Each event without exactly one invocation: whether the relay handed it to the broker, and what it started. */
    private static String undelivered(String token, List<String> events) {
        StringBuilder found = new StringBuilder();
        for (String event : events) {
            Map<String, Object> view = OwnServer.api(token).get("/events/{id}", event).then().extract().path("");
            if (!(view.get("invocations") instanceof List<?> started) || started.size() != 1) {
                found.append(String.format("  %s topic %s published %s routed %s by %s started %s%n", event, view.get("topic"),
                        view.get("published_at"), view.get("routed"), view.get("publisher"), view.get("invocations")));
            }
        }
        return found.toString();
    }

    private static List<Map<String, Object>> deliveries(String token, String event) {
        return OwnServer.api(token).get("/events/{id}", event).then().statusCode(200).extract().path("invocations");
    }

    private static int invocationsOf(String token, String process) {
        return OwnServer.api(token).queryParam("limit", 500).get("/processes/{name}/invocations", process).then().statusCode(200)
                .extract().<List<Object>>path("items").size();
    }

    private static String status(String token, String id) {
        return OwnServer.api(token).get("/invocations/{id}", id).then().extract().path("status");
    }
}

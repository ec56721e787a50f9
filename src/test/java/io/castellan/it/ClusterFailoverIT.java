package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Castellan servers on one PostgreSQL and one external Artemis, as docs/configuration.md
 * describes: under load (triggers arriving at both, invocations calling out, some waiting durably,
 * a cron every minute) one server is killed with kill -9. Every accepted trigger still ends
 * exactly once, the survivor takes over the dead one's invocations within the lease (10 s here)
 * and a takeover period, the cron fires once a minute throughout, and when the dead server
 * comes back nothing runs twice. Then the broker is killed under load and started again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {

    private static final String TOKEN = Fleet.TOKEN;
    private static final int AGENTS = 8;
    /** Slow enough that invocations are in flight on both servers when one is killed. */
    private static final Receiver RECEIVER = new Receiver(1000);

    private static Fleet fleet;
    private static LibertyServer A;
    private static LibertyServer B;
    private static ExternalBroker broker;

    @BeforeAll
    static void startTheFleet() throws Exception {
        fleet = new Fleet().startBackends();
        A = fleet.a;
        B = fleet.b;
        broker = fleet.broker;
        fleet.startServers();
    }

    @AfterAll
    static void stopTheFleet() throws Exception {
        RECEIVER.close();
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void aServerKilledUnderLoadLosesNothingAndRunsNothingTwice() throws Exception {
        Supplier<RequestSpecification> viaA = () -> A.api(TOKEN);
        Supplier<RequestSpecification> viaB = () -> B.api(TOKEN);
        Instant began = Instant.now();
        String cron = Fleet.deployCron(viaB);
        List<String> agents = Fleet.deployAgents(viaA, RECEIVER, AGENTS, "fleet");
        Map<String, String> accepted = new ConcurrentHashMap<>();
        Instant deployed = Instant.now();
        Fleet.acceptAll(accepted, agents, 0, 24, n -> n % 2 == 0 ? viaA : viaB);
        // killed while it runs invocations, some of them between their two calls
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> Fleet.runningOn(viaB, agents, A) >= 2);
        A.killMinus9();
        Instant killedAt = Instant.now();
        Fleet.acceptAll(accepted, agents, 24, 40, n -> viaB);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> Harness.ended(viaB, agents) >= accepted.size());
        Instant allEnded = Instant.now();
        // the dead server starts again while the survivor fires the cron for a minute that began after the kill
        CompletableFuture<Void> restart = Fleet.startAgain(A);
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
                .until(() -> Fleet.cronTicks(viaB, cron).stream().anyMatch(t -> t.isAfter(killedAt)));
        restart.get(3, TimeUnit.MINUTES);
        A.awaitReady();
        Instant back = Instant.now();
        Fleet.acceptAll(accepted, agents, 40, 48, n -> viaA);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> Harness.ended(viaA, agents) >= accepted.size());

        Takeover takeover = new Takeover(Harness.reckon(viaA, agents, accepted, RECEIVER), killedAt, Fleet.cronTicks(viaA, cron));
        System.out.printf("%n=== fleet: two servers on PostgreSQL and an external Artemis, one killed with kill -9 ===%n");
        takeover.print(allEnded, String.format("deployed %.0f s, killed %.0f s, all ended %.0f s, dead server back %.0f s after the start",
                Takeover.seconds(began, deployed), Takeover.seconds(began, killedAt), Takeover.seconds(began, allEnded), Takeover.seconds(began, back)));
        takeover.assertSurvived();
    }

    /**
     * The broker killed with kill -9 while invocations run and triggers arrive, then started again:
     * what was accepted meanwhile is in the database and runs once the broker is back.
     */
    @Test
    @Order(2)
    void theBrokerKilledUnderLoadLosesNoAcceptedTrigger() throws Exception {
        Supplier<RequestSpecification> viaA = () -> A.api(TOKEN);
        Supplier<RequestSpecification> viaB = () -> B.api(TOKEN);
        try (Receiver receiver = new Receiver(500)) {
            List<String> agents = Fleet.deployAgents(viaB, receiver, AGENTS, "broker-kill", false);
            Map<String, String> accepted = new ConcurrentHashMap<>();
            Fleet.acceptAll(accepted, agents, 100, 116, n -> n % 2 == 0 ? viaA : viaB);
            await().atMost(Duration.ofMinutes(1)).until(() -> receiver.requests().size() >= 4);
            broker.killMinus9();
            Fleet.acceptAll(accepted, agents, 116, 124, n -> n % 2 == 0 ? viaA : viaB);
            // the servers say they are not ready while the broker is away, and are again once it is back
            await().atMost(Duration.ofSeconds(30)).until(() -> A.root().get("/health/ready").statusCode() == 503);
            broker.start();
            A.awaitReady();
            B.awaitReady();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> Harness.ended(viaA, agents) >= accepted.size());

            Harness.Reckoning reckoning = Harness.reckon(viaA, agents, accepted, receiver);
            System.out.printf("%n=== fleet: the external broker killed with kill -9 under load, then started again ===%n");
            reckoning.print();
            reckoning.assertExactlyOnce();
        }
    }

    /**
     * A cancel asked on one server interrupts the tool call in flight on the other, and a secret
     * rotated through one server is what the other's next call sends.
     */
    @Test
    @Order(3)
    void cancelsAndRotatedSecretsReachTheOtherServer() {
        Supplier<RequestSpecification> viaA = () -> A.api(TOKEN);
        Supplier<RequestSpecification> viaB = () -> B.api(TOKEN);
        try (Receiver slow = new Receiver(30_000); Receiver echo = new Receiver()) {
            String name = Castellan.uniqueName("fleet-cancel");
            Fleet.deploy(viaA, """
                    name: %s
                    model: scripted
                    tools: [http_request]
                    network: {allow: [127.0.0.1]}
                    script:
                      - {tool: http_request, args: {url: '%s', timeout_ms: 60000}}
                      - {reply: done}
                    """.formatted(name, slow.url("/slow")));
            // accepted by A while the process is idle: it starts on A in the accepting request
            String id = Harness.accept(viaA, name, 200);
            await().atMost(Duration.ofSeconds(30)).until(() -> slow.requests().stream().anyMatch(r -> r.idempotencyKey().startsWith(id)));
            assertThat(viaB.get().get("/invocations/{id}", id).then().extract().<String>path("runner")).startsWith(A.name() + "@");
            Instant asked = Instant.now();
            viaB.get().post("/invocations/{id}/cancel", id).then().statusCode(202);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "CANCELLED".equals(viaB.get().get("/invocations/{id}", id).then().extract().path("status")));
            Duration took = Duration.between(asked, Instant.now());
            System.out.printf("%n=== fleet: a cancel asked on B ended the tool call in flight on A after %d ms ===%n", took.toMillis());
            assertThat(took).as("the call in flight on the other server is interrupted").isLessThan(Duration.ofSeconds(5));

            String secretive = Castellan.uniqueName("fleet-secret");
            Fleet.deploy(viaA, """
                    name: %s
                    model: scripted
                    tools: [http_request]
                    network: {allow: [127.0.0.1]}
                    secrets: {API_TOKEN: {}}
                    script:
                      - {tool: http_request, args: {method: POST, url: '%s', headers: {Authorization: "Bearer ${secret:API_TOKEN}"}}}
                      - {reply: sent}
                    """.formatted(secretive, echo.url("/echo/" + secretive)));
            for (String value : List.of("first-value-1c9e", "rotated-value-77ad")) {
                viaB.get().contentType("application/json").body(Map.of("value", value))
                        .put("/processes/{name}/secrets/API_TOKEN", secretive).then().statusCode(204);
                String run = Harness.accept(viaA, secretive, value.hashCode());
                await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(viaA.get().get("/invocations/{id}", run).then().extract().path("status")));
                assertThat(viaA.get().get("/invocations/{id}", run).then().extract().<String>path("runner")).startsWith(A.name() + "@");
                assertThat(echo.requests().get(echo.requests().size() - 1).header("Authorization")).as("A's call after B set the secret")
                        .isEqualTo("Bearer " + value);
            }
        }
    }

    /**
     * The event bus on an external broker, where Castellan makes no diverts: the relay sends each
     * subscriber its delivery, subscribers deployed through either server, wildcards matched as
     * the broker would, once each, never back to the publisher.
     */
    @Test
    @Order(4)
    void eventsReachTheirSubscribersThroughTheExternalBroker() {
        Supplier<RequestSpecification> viaA = () -> A.api(TOKEN);
        Supplier<RequestSpecification> viaB = () -> B.api(TOKEN);
        String domain = Castellan.uniqueName("fleet-orders");
        String one = Castellan.uniqueName("fleet-sub-one");
        String any = Castellan.uniqueName("fleet-sub-any");
        String other = Castellan.uniqueName("fleet-sub-other");
        String publisher = Castellan.uniqueName("fleet-publisher");
        String subscriber = """
                name: %s
                model: scripted
                triggers:
                %s
                script:
                  - {reply: 'saw {{trigger.payload.topic}}'}
                """;
        Fleet.deploy(viaB, subscriber.formatted(one, "  - event: \"" + domain + ".*\""));
        Fleet.deploy(viaB, subscriber.formatted(any, "  - event: \"" + domain + ".#\"\n  - event: {topic: \""
                + domain + ".created\"}"));
        Fleet.deploy(viaA, subscriber.formatted(other, "  - event: \"" + domain + ".*.deleted\""));
        Fleet.deploy(viaA, EventBusIT.publisher(publisher, domain));

        String run = Harness.accept(viaA, publisher, 300);
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(viaB.get().get("/invocations/{id}", run).then().extract().path("status")));
        String eventId = viaB.get().get("/invocations/{id}", run).then().extract().path("reply");
        List<Map<String, Object>> delivered = await().atMost(Duration.ofSeconds(60)).until(
                () -> viaB.get().get("/events/{id}", eventId).then().statusCode(200).extract().<List<Map<String, Object>>>path("invocations"),
                started -> started.size() == 2 && started.stream().allMatch(i -> "COMPLETED".equals(i.get("status"))));
        assertThat(delivered).extracting(i -> i.get("process")).containsExactlyInAnyOrder(one, any);
        for (String process : List.of(one, any)) {
            assertThat(Harness.invocations(viaA, process)).as("one invocation for %s", process).hasSize(1);
        }
        assertThat(Harness.invocations(viaA, other)).isEmpty();
        assertThat(Harness.invocations(viaA, publisher)).as("not delivered back to its publisher").hasSize(1);

        // A has just routed an event (so it has just read the subscriptions); a subscriber deployed
        // through B right after counts for A's very next event, with no interval to wait out
        String warm = publish(viaA, Castellan.uniqueName("fleet-warm") + ".tick");
        await().atMost(Duration.ofSeconds(30)).until(() -> viaA.get().get("/events/{id}", warm).then().extract().<Boolean>path("routed"));
        String late = Castellan.uniqueName("fleet-sub-late");
        Fleet.deploy(viaB, subscriber.formatted(late, "  - event: \"" + domain + ".late\""));
        String lateEvent = publish(viaA, domain + ".late");
        List<Map<String, Object>> lateDelivered = await().atMost(Duration.ofSeconds(30)).until(
                () -> viaA.get().get("/events/{id}", lateEvent).then().statusCode(200).extract().<List<Map<String, Object>>>path("invocations"),
                started -> started.size() >= 4 && started.stream().allMatch(i -> "COMPLETED".equals(i.get("status"))));
        // the publishing agent subscribes to its domain too: an event from the API is not its own
        assertThat(lateDelivered).extracting(i -> i.get("process")).containsExactlyInAnyOrder(late, one, any, publisher);
    }

    private static String publish(Supplier<RequestSpecification> api, String topic) {
        return api.get().contentType("application/json").body("{}").post("/events/{topic}", topic).then().statusCode(202).extract().path("id");
    }

    /** An answer written on A, streamed to its live stream as it comes, is seen being written through B too. */
    @Test
    @Order(6)
    void anAnswerWrittenOnOneServerIsSeenBeingWrittenThroughTheOther() throws Exception {
        String answer = "The fleet shares one broker and each server hears what the others write";
        String name = Castellan.uniqueName("fleet-writer");
        try (ProviderStub stub = new ProviderStub()) {
            stub.streamPause(name, 150);
            stub.enqueue(name, ProviderAnswers.text(ProviderStub.Protocol.OPENAI, answer));
            Fleet.deploy(() -> A.api(TOKEN), "name: %s\nmodel: openai:gpt-5-mini\nmodel_options: {base_url: '%s'}\n"
                    .formatted(name, ProviderStub.Protocol.OPENAI.baseUrl(stub, name)));
            // accepted by A while the process is idle: it runs on A
            String id = Harness.accept(() -> A.api(TOKEN), name, 600);
            try (EventStream viaB = EventStream.open(B.baseUrl(), TOKEN, "/invocations/" + id + "/stream", null)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> viaB.events().stream().anyMatch(e -> "end".equals(e.name())));
                List<EventStream.Event> events = viaB.events();
                assertThat(B.api(TOKEN).get("/invocations/{id}", id).then().extract().<String>path("runner")).startsWith(A.name() + "@");
                List<String> names = events.stream().map(EventStream.Event::name).toList();
                assertThat(names.stream().filter("token"::equals).count()).as("pieces written on A, read through B").isGreaterThanOrEqualTo(10);
                assertThat(names.indexOf("token")).as("before the whole answer").isLessThan(names.indexOf("answer"));
                assertThat(events.stream().filter(e -> "token".equals(e.name())).map(e -> e.data().getString("text")).collect(Collectors.joining()))
                        .isEqualTo(answer);
            }
        }
    }

    /** A memory stored through B is found by meaning through A, whose index of that process was built before. */
    @Test
    @Order(7)
    void aMemoryStoredThroughOneServerIsFoundThroughTheOther() {
        String name = Castellan.uniqueName("fleet-memory");
        Fleet.deploy(() -> A.api(TOKEN), "name: %s\nmodel: scripted\ntools: [memory_store, memory_search]\nscript:\n  - {reply: ok}\n"
                .formatted(name));
        String query = "the schema upgrade took too long";
        assertThat(memories(A, name, query)).as("A's index of the process, built now, empty").isEmpty();
        B.api(TOKEN).contentType("application/json").body(Map.of("text", MemoryIT.OUTAGE)).post("/processes/{name}/memories", name)
                .then().statusCode(201);
        A.api(TOKEN).contentType("application/json").body(Map.of("text", MemoryIT.CAT)).post("/processes/{name}/memories", name)
                .then().statusCode(201);
        assertThat(memories(A, name, query)).as("B's memory, found through A").first().isEqualTo(MemoryIT.OUTAGE);
        assertThat(memories(B, name, "where does the cat sleep")).as("and A's through B").first().isEqualTo(MemoryIT.CAT);
    }

    private static List<String> memories(LibertyServer server, String process, String query) {
        return server.api(TOKEN).queryParam("q", query).get("/processes/{name}/memories", process).then().statusCode(200)
                .extract().path("items.text");
    }

    /** One server of the fleet watches the files triggers' directories: each change is handed over once, by it. */
    @Test
    @Order(5)
    void oneServerWatchesTheFiles() throws Exception {
        Supplier<RequestSpecification> viaA = () -> A.api(TOKEN);
        String name = Castellan.uniqueName("fleet-files");
        Path dir = Files.createDirectories(Path.of("target/watched-fleet").toAbsolutePath().resolve(name));
        Fleet.deploy(() -> B.api(TOKEN), FileWatchIT.watcher(name, dir, ", events: [created], debounce: 1s"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(dir.resolve("f" + i + ".csv"), "n" + i);
        }
        List<Map<String, Object>> runs = await().atMost(Duration.ofSeconds(60)).until(() -> Harness.invocations(viaA, name),
                found -> found.size() >= 3 && found.stream().allMatch(i -> "COMPLETED".equals(i.get("status"))));
        assertThat(runs).hasSize(3);
        assertThat(runs.stream().map(i -> i.get("runner")).distinct()).as("accepted by one watching server, each file once").hasSize(1);
    }
}

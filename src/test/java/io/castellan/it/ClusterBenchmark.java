package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet's cost, not a test: the durable no-op invocation (a state_set and a reply) fired as
 * fast as one server, then two servers, on the same PostgreSQL and external Artemis take them, and
 * a failover under load. Prints invocations per second for each and how long the takeover took.
 * {@code mvn verify -Pbench -Dit.test=ClusterBenchmark} (-Dbench.triggers, -Dbench.clients).
 */
class ClusterBenchmark {

    private static final String TOKEN = Fleet.TOKEN;
    private static final int AGENTS = 20;
    private static final int TRIGGERS = Integer.getInteger("bench.triggers", 3000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Fleet fleet;
    private static LibertyServer A;
    private static LibertyServer B;

    @AfterAll
    static void stopAll() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void oneServerThenTwo() throws Exception {
        fleet = new Fleet().startBackends();
        A = fleet.a;
        B = fleet.b;
        A.startAndAwaitReady();
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String name = Castellan.uniqueName("fleet-bench");
            A.api(TOKEN).contentType("application/yaml").body("""
                    name: %s
                    model: scripted
                    tools: [state_set]
                    script:
                      - {tool: state_set, args: {key: last, value: "{{trigger.payload.n}}"}}
                      - reply: ok
                    """.formatted(name)).post("/processes").then().statusCode(201);
            agents.add(name);
        }
        // warm up the one server's path, then measure it
        run(agents, 0, TRIGGERS / 3, n -> A);
        double one = run(agents, TRIGGERS, 2 * TRIGGERS, n -> A);

        B.startAndAwaitReady();
        run(agents, 10 * TRIGGERS, 10 * TRIGGERS + TRIGGERS / 3, n -> B);
        double two = run(agents, 2 * TRIGGERS, 3 * TRIGGERS, n -> n % 2 == 0 ? A : B);

        System.out.printf("%nfleet benchmark: %d no-op invocations (state_set + reply), %d agents, %d clients, PostgreSQL 15 and an external Artemis on this machine%n",
                TRIGGERS, AGENTS, CLIENTS);
        System.out.printf("fleet benchmark: one server   %.0f invocations/s%n", one);
        System.out.printf("fleet benchmark: two servers  %.0f invocations/s (%.2f of one)%n", two, two / one);

        // failover under load: triggers accepted by both, A killed with its share still running or waiting to run
        int from = 3 * TRIGGERS;
        fire(agents, from, from + TRIGGERS, n -> n % 2 == 0 ? A : B);
        Instant killedAt = Instant.now();
        A.killMinus9();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> newestEnded(B, agents));
        Instant allEnded = Instant.now();
        List<Instant> takeovers = new ArrayList<>();
        for (String agent : agents) {
            Harness.journal(() -> B.api(TOKEN), agent).stream().filter(e -> "INVOCATION_TAKEN_OVER".equals(e.get("type")))
                    .forEach(e -> takeovers.add(Instant.parse((String) e.get("at"))));
        }
        System.out.printf("fleet benchmark: failover: %d invocations taken over; first %s s, last %s s after the kill (lease 10 s);"
                        + " all %d triggers ended %s s after the kill%n",
                takeovers.size(), seconds(killedAt, takeovers.stream().min(Instant::compareTo).orElse(null)),
                seconds(killedAt, takeovers.stream().max(Instant::compareTo).orElse(null)), TRIGGERS, seconds(killedAt, allEnded));
        assertThat(Harness.ended(() -> B.api(TOKEN), agents)).as("every trigger ended").isEqualTo(3 * TRIGGERS + 2 * (TRIGGERS / 3));
        assertThat(takeovers).as("the dead server's invocations were taken over").isNotEmpty();
    }

    /** Fires triggers from..to at the servers named; returns once all are accepted. */
    private static void fire(List<String> agents, int from, int to, IntFunction<LibertyServer> via) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> sent = new ArrayList<>();
        for (int n = from; n < to; n++) {
            int trigger = n;
            sent.add(clients.submit(() -> post(via.apply(trigger), "/processes/" + agents.get(trigger % AGENTS) + "/invocations", "{\"n\":" + trigger + "}")));
        }
        for (Future<?> one : sent) {
            one.get();
        }
        clients.shutdown();
    }

    /** Fires triggers from..to at the servers named, waits until all have ended, returns invocations completed per second. */
    private static double run(List<String> agents, int from, int to, IntFunction<LibertyServer> via) throws Exception {
        Instant start = Instant.now();
        fire(agents, from, to, via);
        LibertyServer any = via.apply(from);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> newestEnded(any, agents));
        return (to - from) / (Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private static boolean newestEnded(LibertyServer server, List<String> agents) {
        return agents.stream().allMatch(agent -> Castellan.ENDED.contains(server.api(TOKEN).queryParam("limit", 1)
                .get("/processes/{name}/invocations", agent).then().extract().<String>path("items[0].status")));
    }

    private static void post(LibertyServer server, String apiPath, String json) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1" + apiPath))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(Instant from, Instant to) {
        return to == null ? "-" : String.format("%.1f", Duration.between(from, to).toMillis() / 1000.0);
    }
}

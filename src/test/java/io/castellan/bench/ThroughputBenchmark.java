package io.castellan.bench;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Throughput and latency of the durable path, not a test: deploys agents on the scripted model (one
 * state_set step and a reply), fires triggers as fast as the server accepts them, and prints
 * invocations completed per second, accepted-to-completed latency and the server's heap, in rounds
 * (three unless -Dbench.rounds says otherwise) so the steady state shows beside the first. Run with
 * {@code mvn verify -Pbench} (-Dbench.agents, -Dbench.triggers, -Dbench.clients to change the load;
 * -Dbench.via=jms sends the triggers as messages on castellan.triggers instead of API requests).
 */
class ThroughputBenchmark {

    private static final int AGENTS = Integer.getInteger("bench.agents", 20);
    private static final int TRIGGERS = Integer.getInteger("bench.triggers", 10000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    /** How the triggers are sent: {@code http} (the API, each request answered after its commit) or {@code jms} (messages on castellan.triggers). */
    private static final String VIA = System.getProperty("bench.via", "http");

    /** Rounds of the 10,000, each on fresh agents: the JIT is still compiling the path through the first. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Test
    void measure() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            measureRound(round);
        }
    }

    private static void measureRound(int round) throws Exception {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            agents.add(deployNoOp("bench"));
        }

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ServerProbe.CpuMeter cpu = new ServerProbe.CpuMeter();
        Instant start = Instant.now();
        List<Future<?>> sent = new ArrayList<>();
        if ("jms".equals(VIA)) {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                sent.add(clients.submit(() -> JmsSender.send(agents, TRIGGERS, CLIENTS, client)));
            }
        } else {
            for (int n = 0; n < TRIGGERS; n++) {
                String path = "/processes/" + agents.get(n % AGENTS) + "/invocations";
                String body = "{\"n\":" + n + "}";
                sent.add(clients.submit(() -> LeanClient.post(path, body, 202)));
            }
        }
        for (Future<?> f : sent) {
            f.get();
        }
        Instant accepted = Instant.now();
        clients.shutdown();
        clients.awaitTermination(1, TimeUnit.MINUTES);

        // each process runs its triggers in arrival order: once its newest has ended, all have;
        // polling that one (not listing every invocation each second) keeps the probe off the server
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "jms".equals(VIA) ? agents.stream().mapToInt(ThroughputBenchmark::ended).sum() >= TRIGGERS
                        : agents.stream().allMatch(ThroughputBenchmark::newestEnded));
        Instant done = Instant.now();
        cpu.stop();

        List<Long> latencies = new ArrayList<>();
        Instant firstQueued = Instant.MAX;
        Instant lastFinished = Instant.MIN;
        for (String agent : agents) {
            for (Map<String, Object> i : invocations(agent, "COMPLETED")) {
                Instant queued = Instant.parse((String) i.get("queued_at"));
                Instant finished = Instant.parse((String) i.get("finished_at"));
                latencies.add(Duration.between(queued, finished).toMillis());
                firstQueued = queued.isBefore(firstQueued) ? queued : firstQueued;
                lastFinished = finished.isAfter(lastFinished) ? finished : lastFinished;
            }
        }
        assertThat(latencies).hasSize(TRIGGERS);
        Collections.sort(latencies);
        double seconds = Duration.between(firstQueued, lastFinished).toMillis() / 1000.0;
        System.out.printf("%nbenchmark: round %d of %d (%s)%n", round, ROUNDS,
                round == 1 ? "after the one-at-a-time run" : "once " + (round - 1) * TRIGGERS + " more have run");
        System.out.printf("benchmark: %d agents, %d triggers, %d clients (%s), database %s%n", AGENTS, TRIGGERS, CLIENTS, VIA,
                System.getProperty("bench.database", "H2 (embedded)"));
        // through the broker, the server accepts each as it consumes it: this is how fast the client sent them
        System.out.printf("benchmark: %s %d triggers in %.1f s (%.0f/s)%n", "jms".equals(VIA) ? "the broker took" : "accepted", TRIGGERS,
                Duration.between(start, accepted).toMillis() / 1000.0, TRIGGERS / (Duration.between(start, accepted).toMillis() / 1000.0));
        System.out.printf("benchmark: completed %d invocations in %.1f s: %.0f invocations/s%n", TRIGGERS, seconds, TRIGGERS / seconds);
        // through the broker, a trigger is accepted when a consumer takes it: its wait in the broker is not in these
        System.out.printf("benchmark: accepted%s -> completed latency p50 %d ms, p99 %d ms, max %d ms%n",
                "jms".equals(VIA) ? " (taken from the broker)" : "",
                latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.99)), latencies.get(latencies.size() - 1));
        System.out.printf("benchmark: %s%n", cpu.perInvocation(TRIGGERS));
        System.out.printf("benchmark: server heap after the run: %s%n", ServerProbe.heap());
        ServerProbe.h2File().ifPresent(size -> System.out.printf("benchmark: H2's file after the run: %s%n", size));
        System.out.printf("benchmark: wall clock from first request to last completion seen: %.1f s%n",
                Duration.between(start, done).toMillis() / 1000.0);
    }

    /**
     * The same no-op invocation, one trigger at a time on an idle server: the next is sent only
     * when the last has completed. Latency is the server's own queued_at to finished_at.
     */
    @Test
    void oneAtATime() {
        int count = Integer.getInteger("bench.sequential", 300);
        int warmUp = Integer.getInteger("bench.warmup", 300);
        String agent = deployNoOp("bench-seq");
        // in microseconds (both times are kept to the microsecond): a truncation to whole
        // milliseconds hid changes of a few tenths, and read 5.9 ms as "5 ms"
        List<Long> latencies = new ArrayList<>();
        // the first few hundred run while the JIT compiles the path (C2 took most of a core in a
        // profile of a cold run): they are run, and not counted
        for (int n = 0; n < warmUp + count; n++) {
            // ?wait= answers when the invocation has ended: no polling beside the server on two cores
            Map<String, Object> done = admin().contentType(ContentType.JSON).body(Map.of("n", n)).queryParam("wait", "30s")
                    .post("/processes/{name}/invocations", agent).then().statusCode(200).extract().path("");
            assertThat(done.get("status")).isEqualTo("COMPLETED");
            if (n >= warmUp) {
                latencies.add(Duration.between(Instant.parse((String) done.get("queued_at")), Instant.parse((String) done.get("finished_at"))).toNanos() / 1_000);
            }
        }
        Collections.sort(latencies);
        System.out.printf("%nbenchmark: one trigger at a time, %d invocations after %d to warm up (scripted state_set + reply), database %s%n",
                count, warmUp, System.getProperty("bench.database", "H2 (embedded)"));
        System.out.printf("benchmark: accepted -> completed p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n",
                latencies.get(count / 2) / 1000.0, latencies.get((int) (count * 0.9)) / 1000.0, latencies.get((int) (count * 0.99)) / 1000.0);
    }

    /** The no-op agent: one state_set step and a reply, on the scripted model. */
    private static String deployNoOp(String prefix) {
        String name = uniqueName(prefix);
        deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                script:
                  - {tool: state_set, args: {key: last, value: "{{trigger.payload.n}}"}}
                  - reply: ok
                """.formatted(name));
        return name;
    }

    /**
     * The agent's invocations that have ended, from its activity (today and yesterday, a round may
     * cross midnight): sent through the broker, the newest of them can end while the broker still
     * holds more of its triggers.
     */
    private static int ended(String agent) {
        List<Map<String, Object>> days = admin().queryParam("days", 2).get("/processes/{name}/activity", agent).then().statusCode(200)
                .extract().path("days");
        return days.stream().mapToInt(d -> ((Number) d.get("completed")).intValue() + ((Number) d.get("failed")).intValue()).sum();
    }

    private static boolean newestEnded(String agent) {
        String status = admin().queryParam("limit", 1).get("/processes/{name}/invocations", agent).then().statusCode(200)
                .extract().path("items[0].status");
        return "COMPLETED".equals(status) || "FAILED".equals(status);
    }

    /** All of an agent's invocations with a status, page by page. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> invocations(String agent, String status) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var spec = admin().queryParam("limit", 500).queryParam("status", status);
            if (cursor != null) {
                spec = spec.queryParam("cursor", cursor);
            }
            Map<String, Object> page = spec.get("/processes/{name}/invocations", agent).then().extract().path("");
            all.addAll((List<Map<String, Object>>) page.get("items"));
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        return all;
    }
}

package io.castellan.bench;

import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.it.ProviderAnswers;
import io.castellan.it.ProviderAnswers.Call;
import io.castellan.it.ProviderStub;
import io.castellan.it.ProviderStub.Protocol;
import io.castellan.platform.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Invocations in flight at once, not a test: many processes on an OpenAI-compatible stub that
 * answers every call after a second, one trigger each, all at once. Each invocation makes two
 * model turns (a state_set tool call, then a reply), so two seconds is the ideal. Prints how long
 * after the last accept every invocation had completed, and the most calls the stub held at once.
 * It does it in rounds (ten unless -Dbench.rounds says otherwise): first on a server that has just
 * deployed the processes (its JIT has not compiled the invocations' code yet), then again and again
 * on the same processes, each round printed, until the server runs them as it does all day: on two
 * cores its JIT compiler still takes about a third of the server's CPU in the fourth round and a
 * fifth or a sixth in the tenth (each round prints its share; docs/performance.md, session 44).
 * {@code mvn verify -Pbench -Dit.test=ConcurrencyBenchmark} (-Dbench.processes, -Dbench.delay.ms, -Dbench.rounds).
 */
class ConcurrencyBenchmark {

    private static final int PROCESSES = Integer.getInteger("bench.processes", 500);
    private static final int DELAY_MS = Integer.getInteger("bench.delay.ms", 1000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    /** Rounds of one trigger each: the JIT is still compiling the invocations' code through the first several. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 10);

    @Test
    void measure() throws Exception {
        try (ProviderStub stub = new ProviderStub()) {
            List<String> agents = new ArrayList<>();
            Instant deployStart = Instant.now();
            for (int i = 0; i < PROCESSES; i++) {
                String name = uniqueName("inflight");
                deploy("""
                        name: %s
                        model: openai:gpt-5-mini
                        model_options: {base_url: '%s', api_key: '${IT_MODEL_KEY}'}
                        tools: [state_set]
                        """.formatted(name, Protocol.OPENAI.baseUrl(stub, name)));
                agents.add(name);
            }
            System.out.printf("%nconcurrency: %d processes deployed in %.1f s; one trigger each, %d clients, model answers after %d ms, 2 turns%n",
                    PROCESSES, Duration.between(deployStart, Instant.now()).toMillis() / 1000.0, CLIENTS, DELAY_MS);
            round(stub, agents, "first, on a server that has run none of them yet");
            for (int r = 2; r <= ROUNDS; r++) {
                round(stub, agents, "round " + r + ", once " + (r - 1) * PROCESSES + " have run");
            }
        }
    }

    private static void round(ProviderStub stub, List<String> agents, String which) throws Exception {
        stub.resetMaxInFlight();
        for (String name : agents) {
            stub.enqueue(name, ProviderAnswers.toolCalls(Protocol.OPENAI, new Call("c1", "state_set", "{\"key\":\"seen\",\"value\":1}"))
                    .after(DELAY_MS), ProviderAnswers.text(Protocol.OPENAI, "done").after(DELAY_MS));
        }
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ServerProbe.CpuMeter cpu = new ServerProbe.CpuMeter();
        Instant start = Instant.now();
        List<Future<String>> sent = new ArrayList<>();
        for (String agent : agents) {
            sent.add(clients.submit(() -> Json.read(LeanClient.post("/processes/" + agent + "/invocations", "{\"n\":1}", 202)).get("id").asText()));
        }
        Set<String> open = ConcurrentHashMap.newKeySet();
        for (Future<String> f : sent) {
            open.add(f.get());
        }
        Instant lastAccept = Instant.now();
        clients.shutdown();
        List<Instant> finished = new ArrayList<>();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String id : List.copyOf(open)) {
                JsonNode inv = Json.read(LeanClient.get("/invocations/" + id));
                if ("COMPLETED".equals(inv.path("status").asText())) {
                    open.remove(id);
                    finished.add(Instant.parse(inv.get("finished_at").asText()));
                } else if ("FAILED".equals(inv.path("status").asText())) {
                    throw new AssertionError("invocation " + id + " failed: " + inv.path("error").asText());
                }
            }
            return open.isEmpty();
        });
        cpu.stop();
        assertThat(finished).hasSize(agents.size());
        Instant last = finished.stream().max(Instant::compareTo).orElseThrow();
        System.out.printf("concurrency (%s):%n", which);
        System.out.printf("concurrency:   accepted all in %.2f s; all COMPLETED %.2f s after the last accept (ideal %.1f s)%n",
                Duration.between(start, lastAccept).toMillis() / 1000.0, Duration.between(lastAccept, last).toMillis() / 1000.0,
                2 * DELAY_MS / 1000.0);
        System.out.printf("concurrency:   first accept to last completion %.2f s; the stub held at most %d calls at once%n",
                Duration.between(start, last).toMillis() / 1000.0, stub.maxInFlight());
        // the completion polls (every open invocation each 500 ms once all are accepted) are in it
        System.out.printf("concurrency:   %s%n", cpu.perInvocation(agents.size()));
    }
}

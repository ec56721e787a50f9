package io.castellan.bench;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;

import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Long-term memory, not a test: one process with 100,000 memories (stored through the API, each
 * embedded in the server), then searches by meaning through the API. Prints the time to store them,
 * the first search (the index read from the table), and the latency of the searches after it, as
 * the client sees it (HTTP, the query's embedding, the scan, the rows). {@code mvn verify -Pbench
 * -Dit.test=MemoryBenchmark} (-Dbench.memories, -Dbench.searches).
 */
class MemoryBenchmark {

    private static final int MEMORIES = Integer.getInteger("bench.memories", 100_000);
    private static final int SEARCHES = Integer.getInteger("bench.searches", 300);
    private static final String[] SUBJECTS = {"the deploy", "the invoice run", "a customer", "the nightly backup", "the payment service",
        "our database", "the support queue", "the mobile app", "a supplier", "the search index", "the data pipeline", "the login page"};
    private static final String[] EVENTS = {"failed after a timeout", "was delayed by two days", "asked for a refund", "ran out of disk",
        "doubled its latency", "was migrated to a new region", "lost a message", "needed a manual restart", "was praised in a review",
        "broke after an upgrade", "hit a rate limit", "sent duplicate emails"};
    private static final String[] WHEN = {"on Monday", "last night", "during the holiday sale", "in the morning", "after the release",
        "at the end of the quarter", "during a storm", "while the team was away"};

    @Test
    void measure() throws Exception {
        String name = uniqueName("memory-bench");
        deploy("name: %s\nmodel: scripted\ntools: [memory_search]\nscript:\n  - {reply: ok}\n".formatted(name));
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            done.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < MEMORIES; i = next.getAndIncrement()) {
                    admin().contentType(ContentType.JSON).body(Map.of("text", sentence(i), "tags", List.of("n" + (i % 10))))
                            .post("/processes/{name}/memories", name).then().statusCode(201);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        clients.shutdown();
        double storeSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%nmemory: stored %d memories in %.1f s (%.0f/s, 8 clients, each embedded in the server)%n",
                MEMORIES, storeSeconds, MEMORIES / storeSeconds);
        System.out.printf("memory: server heap after storing: %s%n", ServerProbe.heap());

        java.time.Duration first = timed(() -> search(name, "a failure of the payments system overnight", null));
        System.out.printf("memory: first search (the index read from the table) %d ms%n", first.toMillis());

        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            search(name, sentence(random.nextInt(1_000_000)), null);
        }
        long[] millis = new long[SEARCHES];
        long[] tagged = new long[SEARCHES / 3];
        for (int i = 0; i < SEARCHES; i++) {
            String query = sentence(random.nextInt(1_000_000)).replace("the ", "a ");
            millis[i] = timed(() -> search(name, query, null)).toNanos() / 1000;
        }
        for (int i = 0; i < tagged.length; i++) {
            String query = sentence(random.nextInt(1_000_000));
            tagged[i] = timed(() -> search(name, query, "n3")).toNanos() / 1000;
        }
        print("memory_search over " + MEMORIES + " memories, limit 5, one client", millis);
        print("the same with a tag filter (a tenth of them match)", tagged);
        System.out.printf("memory: server heap after searching: %s%n", ServerProbe.heap());
    }

    private static void print(String what, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf("memory: %s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms (%d searches)%n", what,
                sorted[sorted.length / 2] / 1000.0, sorted[sorted.length * 9 / 10] / 1000.0, sorted[sorted.length * 99 / 100] / 1000.0,
                sorted.length);
    }

    private static void search(String process, String query, String tags) {
        var request = admin().queryParam("q", query).queryParam("limit", 5);
        if (tags != null) {
            request = request.queryParam("tags", tags);
        }
        request.get("/processes/{name}/memories", process).then().statusCode(200);
    }

    private static java.time.Duration timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return java.time.Duration.ofNanos(System.nanoTime() - start);
    }

    /** A sentence from a few lists of words: 1,152 combinations, each with its number, so no two memories are the same text. */
    static String sentence(int i) {
        return SUBJECTS[i % SUBJECTS.length] + " " + EVENTS[(i / SUBJECTS.length) % EVENTS.length] + " "
                + WHEN[(i / (SUBJECTS.length * EVENTS.length)) % WHEN.length] + " (note " + i + ")";
    }
}

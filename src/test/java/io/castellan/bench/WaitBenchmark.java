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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Durable waits, not a test: many invocations in a {@code wait} at once, one per process. Prints
 * the server's OS threads (from /proc) before they start waiting and while all of them wait, and
 * how late after its time each one resumed. {@code mvn verify -Pbench -Dit.test=WaitBenchmark}
 * (-Dbench.waiting, -Dbench.wait.seconds).
 */
class WaitBenchmark {

    private static final int WAITING = Integer.getInteger("bench.waiting", 1000);
    private static final int WAIT_SECONDS = Integer.getInteger("bench.wait.seconds", 60);

    @Test
    void measure() throws Exception {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            String name = uniqueName("waiter");
            deploy("""
                    name: %s
                    model: scripted
                    tools: [wait]
                    script:
                      - {tool: wait, args: {seconds: %d}}
                      - {reply: 'woke at {{steps.0.result.woke_at}}'}
                    """.formatted(name, WAIT_SECONDS));
            agents.add(name);
        }
        long before = ServerProbe.threads();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<String>> sent = new ArrayList<>();
        for (String agent : agents) {
            sent.add(clients.submit(() -> admin().contentType(ContentType.JSON).body("{}")
                    .post("/processes/{name}/invocations", agent).then().statusCode(202).extract().<String>path("id")));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : sent) {
            ids.add(f.get());
        }
        clients.shutdown();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> allIn(ids, "WAITING"));
        long during = ServerProbe.threads();
        System.out.printf("%nwait: %d invocations WAITING at once; server threads before %d, while they wait %d (difference %d)%n",
                WAITING, before, during, during - before);

        await().atMost(Duration.ofSeconds(WAIT_SECONDS + 300L)).pollInterval(Duration.ofSeconds(2))
                .until(() -> allIn(ids, "COMPLETED"));
        List<Long> lateness = new ArrayList<>();
        for (String id : ids) {
            List<Map<String, Object>> steps = admin().get("/invocations/{id}", id).then().extract().path("steps");
            Map<?, ?> result = (Map<?, ?>) steps.get(0).get("result");
            lateness.add(Duration.between(Instant.parse((String) result.get("waited_until")), Instant.parse((String) result.get("woke_at"))).toMillis());
        }
        assertThat(lateness).hasSize(WAITING);
        lateness.sort(Long::compare);
        System.out.printf("wait: all %d resumed and COMPLETED; woken after their time p50 %d ms, p99 %d ms, max %d ms; server threads after %d%n",
                WAITING, lateness.get(WAITING / 2), lateness.get((int) (WAITING * 0.99)), lateness.get(WAITING - 1), ServerProbe.threads());
    }

    /** True once every invocation has the status; asks only about those that had not yet. */
    private final java.util.Set<String> reached = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private boolean allIn(List<String> ids, String status) {
        reached.removeIf(entry -> !entry.startsWith(status + ":"));
        for (String id : ids) {
            if (!reached.contains(status + ":" + id)
                    && status.equals(admin().get("/invocations/{id}", id).then().extract().<String>path("status"))) {
                reached.add(status + ":" + id);
            }
        }
        return reached.size() == ids.size();
    }
}

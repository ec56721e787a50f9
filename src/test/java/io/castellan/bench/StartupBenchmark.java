package io.castellan.bench;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Start to ready, not a test: with a few processes deployed (one with a cron, so timers are
 * restored), stops the benchmark's server and starts it again several times, and prints how long
 * each start took until {@code /health/ready} answered 200 ({@code server start} included, as a
 * user waits for it). {@code mvn verify -Pbench -Dit.test=StartupBenchmark} (-Dbench.restarts).
 */
class StartupBenchmark {

    @Test
    void measure() throws Exception {
        int restarts = Integer.getInteger("bench.restarts", 5);
        for (int i = 0; i < 10; i++) {
            deploy("""
                    name: %s
                    model: scripted
                    script: [{reply: ok}]
                    triggers: [{cron: "0 3 * * *"}]
                    """.formatted(uniqueName("start")));
        }
        admin().get("/processes").then().statusCode(200);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < restarts; i++) {
            millis.add(ServerProbe.restart().toMillis());
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%nstartup: start to ready (server start until /health/ready is 200), %d restarts: %s ms; median %d ms, worst %d ms%n",
                restarts, millis, sorted.get(restarts / 2), sorted.get(restarts - 1));
    }
}

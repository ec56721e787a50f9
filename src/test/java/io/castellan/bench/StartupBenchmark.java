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
 * user waits for it). First the starts it takes until the server uses its start-up cache (the
 * JVM's AOT cache: one start records it, its stop writes it), printed apart; with
 * {@code -Dbench.startup.cache=false} every start runs without it (its options file is deleted
 * before each). {@code mvn verify -Pbench -Dit.test=StartupBenchmark} (-Dbench.restarts).
 */
class StartupBenchmark {

    @Test
    void measure() throws Exception {
        int restarts = Integer.getInteger("bench.restarts", 5);
        boolean cache = Boolean.parseBoolean(System.getProperty("bench.startup.cache", "true"));
        for (int i = 0; i < 10; i++) {
            deploy("""
                    name: %s
                    model: scripted
                    script: [{reply: ok}]
                    triggers: [{cron: "0 3 * * *"}]
                    """.formatted(uniqueName("start")));
        }
        admin().get("/processes").then().statusCode(200);
        if (cache) {
            ServerProbe.startFromTheCache();
        }
        List<Long> millis = new ArrayList<>();
        int fromCache = 0;
        for (int i = 0; i < restarts; i++) {
            ServerProbe.stop();
            if (!cache) {
                ServerProbe.dropCacheOptions();
            }
            millis.add(ServerProbe.start().toMillis());
            fromCache += ServerProbe.startedFromTheCache() ? 1 : 0;
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%nstartup: start to ready (server start until /health/ready is 200), %d restarts, %d from the start-up cache: %s ms; median %d ms, worst %d ms%n",
                restarts, fromCache, millis, sorted.get(restarts / 2), sorted.get(restarts - 1));
        ServerProbe.dropCacheOptions();
    }
}

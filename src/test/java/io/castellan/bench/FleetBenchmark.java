package io.castellan.bench;

import static io.castellan.it.Castellan.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castellan.it.Castellan;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A large idle fleet, not a test: deploys many processes with a cron trigger each (all due at the
 * same minute, a few minutes ahead), and prints how long each 400 deploys took (the first against
 * the last), the heap, the time from start to ready after a restart, and how late after their
 * minute the crons fired (the invocation's queued_at against the tick), right after the restart and
 * again every few minutes (-Dbench.fleet.ticks in all, default 4): a minute's firing is the cron
 * path's only work, so the JIT is still compiling it at the second tick; the later ones show the
 * server as it fires all day. The server first gets its start-up cache (printed apart).
 * {@code mvn verify -Pbench -Dit.test=FleetBenchmark} (-Dbench.fleet, default 10,000).
 */
class FleetBenchmark {

    private static final int FLEET = Integer.getInteger("bench.fleet", 10_000);
    private static final int BATCH = 400;
    private static final int CLIENTS = 4;
    /** The second tick, this many minutes after the first: time for the first one's invocations to run. */
    private static final int AGAIN_MINUTES = 3;
    /** Ticks in all, {@link #AGAIN_MINUTES} apart, within one hour. */
    private static final int TICKS = Math.max(2, Math.min(10, Integer.getInteger("bench.fleet.ticks", 4)));

    @Test
    void measure() throws Exception {
        // the restart below is measured as a user's later starts are: from the start-up cache
        ServerProbe.startFromTheCache();
        // one tick for all, far enough ahead that deploying and restarting are over by then, and more
        // a few minutes apart, each once the one before has run its invocations
        ZonedDateTime tick = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(3 + FLEET / 2_500);
        if (tick.getMinute() > 60 - 1 - AGAIN_MINUTES * (TICKS - 1)) {
            tick = tick.plusHours(1).withMinute(0);
        }
        List<ZonedDateTime> ticks = new ArrayList<>();
        for (int i = 0; i < TICKS; i++) {
            ticks.add(tick.plusMinutes((long) AGAIN_MINUTES * i));
        }
        ZonedDateTime again = ticks.get(1);
        String cron = String.join(",", ticks.stream().map(t -> String.valueOf(t.getMinute())).toList()) + " " + tick.getHour() + " * * *";
        String prefix = Castellan.uniqueName("fleet");
        List<Long> batchMillis = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int from = 0; from < FLEET; from += BATCH) {
            Instant start = Instant.now();
            List<Future<?>> sent = new ArrayList<>();
            for (int i = from; i < Math.min(FLEET, from + BATCH); i++) {
                String name = prefix + "-" + i;
                sent.add(clients.submit(() -> admin().contentType("application/yaml").body("""
                        name: %s
                        model: scripted
                        script: [{reply: "tick {{trigger.payload.fired_at}}"}]
                        triggers: [{cron: "%s"}]
                        """.formatted(name, cron)).post("/processes").then().statusCode(201)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            batchMillis.add(Duration.between(start, Instant.now()).toMillis());
        }
        clients.shutdown();
        String heapDeployed = ServerProbe.heap();
        Duration startToReady = ServerProbe.restart();
        String heapRestarted = ServerProbe.heap();
        System.out.printf("%nfleet: %d processes deployed, each with cron '%s' (UTC), %d clients%n", FLEET, cron, CLIENTS);
        System.out.printf("fleet: first %d deploys %d ms, last %d deploys %d ms (every batch: %s)%n", BATCH, batchMillis.get(0),
                BATCH, batchMillis.get(batchMillis.size() - 1), batchMillis);
        System.out.printf("fleet: heap with the fleet deployed: %s%n", heapDeployed);
        System.out.printf("fleet: restart: start to ready %.1f s; heap after it: %s%n", startToReady.toMillis() / 1000.0, heapRestarted);

        List<Long> lateness = lateness(prefix, tick.toInstant(), 1);
        System.out.printf("fleet: all %d crons fired for %s; accepted after their minute p50 %d ms, p99 %d ms, max %d ms%n", FLEET, tick.toInstant(),
                lateness.get(FLEET / 2), lateness.get((int) (FLEET * 0.99)), lateness.get(FLEET - 1));
        lateness = lateness(prefix, again.toInstant(), 2);
        System.out.printf("fleet: again %d minutes later (the server warm): all %d fired for %s; accepted after their minute p50 %d ms, p99 %d ms, max %d ms%n",
                AGAIN_MINUTES, FLEET, again.toInstant(), lateness.get(FLEET / 2), lateness.get((int) (FLEET * 0.99)), lateness.get(FLEET - 1));
        for (int i = 2; i < TICKS; i++) {
            lateness = lateness(prefix, ticks.get(i).toInstant(), i + 1);
            System.out.printf("fleet: again %d minutes after the first (tick %d of %d): all %d fired for %s; accepted after their minute p50 %d ms, p99 %d ms, max %d ms%n",
                    AGAIN_MINUTES * i, i + 1, TICKS, FLEET, ticks.get(i).toInstant(), lateness.get(FLEET / 2), lateness.get((int) (FLEET * 0.99)),
                    lateness.get(FLEET - 1));
        }
        ServerProbe.h2File().ifPresent(size -> System.out.printf("fleet: H2's file after the ticks: %s%n", size));
        ServerProbe.dropCacheOptions();
    }

    /** Once every process has its {@code nth} invocation: how long after {@code due} each was accepted, sorted. */
    private static List<Long> lateness(String prefix, Instant due, int nth) {
        await().atMost(Duration.ofMinutes(15)).until(() -> Instant.now().isAfter(due.plusSeconds(5)));
        List<Long> lateness = new ArrayList<>();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(5)).until(() -> {
            lateness.clear();
            for (int i = 0; i < FLEET; i++) {
                // newest first, all of the process's (one a tick): this tick's is the nth oldest. Not the newest: on a
                // slow machine reading 10,000 processes outlasts the minutes between ticks, and the next tick's was read
                List<Map<String, Object>> items = admin().queryParam("limit", TICKS).get("/processes/{name}/invocations", prefix + "-" + i)
                        .then().extract().path("items");
                if (items.size() < nth) {
                    return false;
                }
                lateness.add(Duration.between(due, Instant.parse((String) items.get(items.size() - nth).get("queued_at"))).toMillis());
            }
            return true;
        });
        assertThat(lateness).hasSize(FLEET);
        lateness.sort(Long::compare);
        return lateness;
    }
}

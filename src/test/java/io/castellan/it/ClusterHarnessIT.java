package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet's kill harness, long form ({@code mvn verify -Pfleet-crash -Dcycles=20}; the default
 * run has {@link ClusterFailoverIT}'s one kill): the two servers on PostgreSQL and an external
 * Artemis, triggers arriving through both, invocations calling a slow receiver and half of them
 * waiting durably, a cron every minute; each cycle kills one server with kill -9 (A and B in
 * turn) at a random moment of its work and starts it again at once, while the survivor takes
 * over what it ran. At the end: every accepted trigger ended exactly once with each completed
 * step done once, every waiting invocation waited once, and the cron fired once for every minute.
 */
class ClusterHarnessIT {

    private static final String TOKEN = Fleet.TOKEN;
    private static final int CYCLES = Integer.getInteger("crash.cycles", 2);
    private static final int AGENTS = 8;
    private static final int TRIGGERS_PER_CYCLE = 16;
    private static final Receiver RECEIVER = new Receiver(500);

    private static Fleet fleet;

    @AfterAll
    static void stopTheFleet() throws Exception {
        RECEIVER.close();
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void nothingLostNothingDoneTwiceAcrossKillsOfEitherServer() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        fleet = new Fleet().startBackends();
        fleet.startServers();
        LibertyServer a = fleet.a;
        LibertyServer b = fleet.b;
        Supplier<RequestSpecification> viaA = () -> a.api(TOKEN);
        Supplier<RequestSpecification> viaB = () -> b.api(TOKEN);

        String cron = Fleet.deployCron(viaA);
        List<String> agents = Fleet.deployAgents(viaB, RECEIVER, AGENTS, "harness");

        Map<String, String> accepted = new ConcurrentHashMap<>();
        Instant began = Instant.now();
        List<String> cycles = new ArrayList<>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            LibertyServer victim = cycle % 2 == 1 ? a : b;
            int seen = RECEIVER.requests().size();
            int from = (cycle - 1) * TRIGGERS_PER_CYCLE;
            Fleet.acceptAll(accepted, agents, from, from + TRIGGERS_PER_CYCLE, n -> n % 2 == 0 ? viaA : viaB);
            // a random moment of this cycle's work: after a random number of its calls reached the receiver
            int calls = 1 + random.nextInt(TRIGGERS_PER_CYCLE);
            await().atMost(Duration.ofMinutes(3)).until(() -> RECEIVER.requests().size() >= seen + calls);
            Instant killed = Instant.now();
            victim.killMinus9();
            victim.startAndAwaitReady();
            cycles.add("%s after %d calls, back in %d s".formatted(victim.name(), calls, Duration.between(killed, Instant.now()).toSeconds()));
        }

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> Harness.ended(viaA, agents) >= accepted.size());
        Instant ended = Instant.now();
        Harness.Reckoning reckoning = Harness.reckon(viaA, agents, accepted, RECEIVER);
        long waiters = accepted.values().stream().filter(agent -> agent.startsWith("harness-wait")).count();
        long takenOver = reckoning.journal().stream().filter(e -> "INVOCATION_TAKEN_OVER".equals(e.get("type"))).count();
        List<Instant> ticks = Fleet.cronTicks(viaA, cron);

        System.out.printf("%n=== fleet harness: %d cycles of kill -9 on two servers, PostgreSQL, external Artemis (seed %d) ===%n", CYCLES, seed);
        cycles.forEach(c -> System.out.println("  killed " + c));
        reckoning.print();
        System.out.printf("durable waits (once each)    %d invocations waited, of %d that wait%n", reckoning.waitsPerInvocation().size(), waiters);
        System.out.printf("taken over from the dead     %d invocations%n", takenOver);
        System.out.printf("cron ticks                   %d, from %s to %s%n", ticks.size(), ticks.isEmpty() ? "-" : ticks.get(0),
                ticks.isEmpty() ? "-" : ticks.get(ticks.size() - 1));
        System.out.printf("took                         %d s%n", Duration.between(began, ended).toSeconds());

        reckoning.assertExactlyOnce();
        assertThat(reckoning.waitsPerInvocation()).as("each waiting agent's invocation waited exactly once").hasSize((int) waiters)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
        assertThat(ticks).as("the cron fired once a minute throughout").doesNotHaveDuplicates().isNotEmpty();
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("no minute missed").isEqualTo(Duration.ofMinutes(1));
        }
    }
}

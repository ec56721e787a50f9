package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The crash harness: agents whose tools call a local receiver, triggers fired at them, the server
 * killed with kill -9 at a random moment, restarted, again and again. After all cycles it prints
 * triggers accepted, invocations completed, lost, duplicated completed steps and retried in-flight
 * steps, and passes only with 0 lost and 0 duplicated. Half the agents wait durably (the {@code wait}
 * tool) between their calls, so kills also land on invocations that are WAITING or resuming. The test command runs 2 cycles;
 * {@code mvn verify -Pcrash -Dcycles=200} runs as many as asked.
 */
class CrashHarnessIT {

    private static final int CYCLES = Integer.getInteger("crash.cycles", 2);
    /** Invocations of different processes run at once, so each kill lands on several in flight. */
    private static final int AGENTS = Integer.getInteger("crash.agents", 8);
    /** Each cycle makes two calls per trigger; the kill comes after a random number of them, with steps in flight. */
    private static final int TRIGGERS_PER_CYCLE = 20;
    private static final Receiver RECEIVER = new Receiver(250);

    @AfterAll
    static void closeReceivers() throws Exception {
        RECEIVER.close();
    }

    @Test
    void nothingLostNothingDoneTwiceAcrossKills() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        OwnServer.upAndReady();
        String token = OwnServer.generatedAdminToken();
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String name = Castellan.uniqueName(i % 2 == 1 ? "harness-wait" : "harness");
            OwnServer.api(token).contentType("application/yaml").body(Harness.agent(name, RECEIVER, i % 2 == 1))
                    .post("/processes").then().statusCode(201);
            agents.add(name);
        }
        Supplier<RequestSpecification> api = () -> OwnServer.api(token);

        Map<String, String> accepted = new HashMap<>();
        int n = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            int seen = RECEIVER.requests().size();
            for (int i = 0; i < TRIGGERS_PER_CYCLE; i++, n++) {
                String agent = agents.get(n % AGENTS);
                accepted.put(Harness.accept(api, agent, n), agent);
            }
            // a random moment in this cycle's work: after a random number of its calls reached the receiver
            int calls = 1 + random.nextInt(TRIGGERS_PER_CYCLE);
            await().atMost(Duration.ofMinutes(2)).until(() -> RECEIVER.requests().size() >= seen + calls);
            OwnServer.killMinus9();
            OwnServer.startAndAwaitReady();
        }

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> Harness.ended(api, agents) >= accepted.size());
        Harness.Reckoning reckoning = Harness.reckon(api, agents, accepted, RECEIVER);
        long waiters = accepted.values().stream().filter(a -> a.startsWith("harness-wait")).count();

        System.out.printf("%n=== crash harness: %d cycles of kill -9 (seed %d) ===%n", CYCLES, seed);
        reckoning.print();
        System.out.printf("durable waits (once each)    %d invocations waited, of %d that wait%n", reckoning.waitsPerInvocation().size(), waiters);

        reckoning.assertExactlyOnce();
        assertThat(reckoning.waitsPerInvocation()).as("each waiting agent's invocation waited exactly once").hasSize((int) waiters)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
    }
}

package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Operators' calls across kill -9: clients deploy, update, delete, write state and memories, fork
 * and trigger processes while the server is killed at a random moment, again and again. After each
 * restart every call the server had answered still holds (a deploy or update with its description
 * and its newest version, a delete, a state value, a memory, an accepted invocation that ends);
 * a call cut off by the kill may have landed or not, so its process is left out until a later
 * answered call settles it. It runs with the crash harness, {@code mvn verify -Pcrash -Dcycles=N}
 * (N cycles; about 40 s each), not in the default run.
 */
class ManagementAcrossKillIT {

    private static final int CYCLES = Integer.getInteger("crash.cycles", 2);
    private static final int CLIENTS = 4;
    private static final int NAMES_PER_CLIENT = 4;

    @Test
    void whatTheServerAnsweredBeforeAKillHoldsAfterIt() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        OwnServer.upAndReady();
        String token = OwnServer.generatedAdminToken();
        String run = Castellan.uniqueName("mgmt");
        ManagementLedger ledger = new ManagementLedger();
        List<String> wrong = new ArrayList<>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            AtomicBoolean dead = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Client client = new Client(token, run + "-" + c, new Random(random.nextLong()), ledger, dead);
                clients.add(Thread.ofPlatform().name("mgmt-client-" + c).start(client::loop));
            }
            // a random moment: after a random number of answered calls in this cycle
            int answered = ledger.answered();
            int more = 20 + random.nextInt(80);
            await().atMost(Duration.ofMinutes(2)).until(() -> ledger.answered() >= answered + more);
            OwnServer.killMinus9();
            dead.set(true);
            for (Thread client : clients) {
                client.join();
            }
            OwnServer.startAndAwaitReady();
            wrong.addAll(ledger.check(token, cycle));
            System.out.printf("management across kill -9, cycle %d: %d calls answered so far, %d processes known, %d wrong%n",
                    cycle, ledger.answered(), ledger.processesKnown(), wrong.size());
        }
        System.out.printf("%n=== management across kill -9: %d cycles (seed %d), %d answered calls, %d wrong ===%n",
                CYCLES, seed, ledger.answered(), wrong.size());
        wrong.forEach(w -> System.out.println("  " + w));
        assertThat(wrong).as("answered calls that did not hold across a kill (seed %d)", seed).isEmpty();
        assertThat(ledger.processesKnown()).as("the clients got answers that settle processes").isPositive();
    }

    /** One client: its own process names, one call at a time, until its server dies under it. */
    private record Client(String token, String prefix, Random random, ManagementLedger ledger, AtomicBoolean dead) {

        void loop() {
            while (!dead.get()) {
                String name = prefix + "-" + random.nextInt(NAMES_PER_CLIENT);
                ledger.unsettle(name);
                try {
                    call(name);
                    ledger.settle(name);
                } catch (Exception cutOff) {
                    // no answer (the kill): the call may have landed or not; its name stays unsettled
                    return;
                }
            }
        }

        private void call(String name) {
            String description = UUID.randomUUID().toString();
            // deploys a third of the time, so that most names exist for the other calls
            switch (random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(7)) {
                case 0 -> {
                    if (status(OwnServer.api(token).contentType("application/yaml").body(manifest(name, description)).post("/processes")) == 201) {
                        ledger.present(name, description);
                    }
                }
                case 1 -> {
                    if (status(OwnServer.api(token).contentType("application/yaml").body(manifest(name, description)).put("/processes/{n}", name)) == 200) {
                        ledger.present(name, description);
                    }
                }
                case 2 -> {
                    if (status(OwnServer.api(token).delete("/processes/{n}", name)) == 204) {
                        ledger.gone(name);
                    }
                }
                case 3 -> {
                    if (status(OwnServer.api(token).contentType(ContentType.JSON).body("\"" + description + "\"").put("/processes/{n}/state/k", name)) == 200) {
                        ledger.state(name, description);
                    }
                }
                case 4 -> {
                    Response memory = OwnServer.api(token).contentType(ContentType.JSON).body(Map.of("text", description)).post("/processes/{n}/memories", name);
                    if (status(memory) == 201) {
                        ledger.memory(name, memory.path("id"));
                    }
                }
                case 5 -> fork(name);
                default -> {
                    Response accepted = OwnServer.api(token).contentType(ContentType.JSON).header("Idempotency-Key", description)
                            .body(Map.of("n", description)).post("/processes/{n}/invocations", name);
                    if (status(accepted) == 202) {
                        ledger.accepted(name, accepted.path("id"));
                    }
                }
            }
        }

        /** A fork at the process's last completed invocation, under a name of its own (a second fork to it is a 409). */
        private void fork(String name) {
            Response completed = OwnServer.api(token).queryParam("status", "COMPLETED").queryParam("limit", 1).get("/processes/{n}/invocations", name);
            if (status(completed) != 200 || completed.path("items[0].id") == null) {
                return;
            }
            String copy = name + "-f";
            ledger.unsettle(copy);
            Response forked = OwnServer.api(token).contentType(ContentType.JSON).body(Map.of("at", completed.path("items[0].id"), "name", copy))
                    .post("/processes/{n}/fork", name);
            if (status(forked) == 201) {
                ledger.present(copy, null);
            }
            ledger.settle(copy);
        }

        private int status(Response response) {
            int status = response.statusCode();
            if (status >= 500) {
                ledger.serverError(response.asString());
            }
            ledger.countAnswer();
            return status;
        }

        private static String manifest(String name, String description) {
            return """
                    name: %s
                    description: '%s'
                    model: scripted
                    tools: [state_set]
                    script:
                      - {tool: state_set, args: {key: 'last', value: '{{trigger.payload.n}}'}}
                      - {reply: 'done'}
                    triggers:
                      - cron: '* * * * *'
                    """.formatted(name, description);
        }
    }
}

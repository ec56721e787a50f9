package io.castellan.it;

import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The two-server fleet the build creates (castellan-node-a and -b, configured in the pom for
 * PostgreSQL and an external Artemis) with the database and broker a test starts for it.
 */
final class Fleet implements AutoCloseable {

    static final String TOKEN = "cluster-admin-token-0123456789abcdef";
    /** What every server of a fleet shares: the admin token and the key secrets are encrypted with. */
    private static final Map<String, String> ENVIRONMENT = Map.of("CASTELLAN_ADMIN_TOKEN", TOKEN,
            "CASTELLAN_SECRETS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    final LibertyServer a = new LibertyServer("castellan-node-a", System.getProperty("node.a.http.port"), ENVIRONMENT);
    final LibertyServer b = new LibertyServer("castellan-node-b", System.getProperty("node.b.http.port"), ENVIRONMENT);
    final TestPostgres database;
    final ExternalBroker broker;

    Fleet() throws Exception {
        database = new TestPostgres(Path.of("target/cluster/postgresql"), Integer.getInteger("cluster.db.port"));
        broker = new ExternalBroker(Path.of("target/cluster/broker"), Integer.getInteger("cluster.broker.port"));
    }

    /** Starts the database and the broker; the servers are the test's to start. */
    Fleet startBackends() throws Exception {
        database.start();
        broker.start();
        return this;
    }

    /** Both servers, started together (one migrates the empty database's schema while the other waits on its lock), then ready. */
    void startServers() throws Exception {
        a.start();
        b.start();
        a.awaitReady();
        b.awaitReady();
    }

    /** A process woken every minute, whose ticks {@link #cronTicks} reads. */
    static String deployCron(Supplier<RequestSpecification> api) {
        String cron = Castellan.uniqueName("fleet-cron");
        deploy(api, """
                name: %s
                model: scripted
                script: [{reply: "tick {{trigger.payload.fired_at}}"}]
                triggers: [{cron: "* * * * *"}]
                """.formatted(cron));
        return cron;
    }

    /** {@code count} of {@link Harness#agent}, every other one waiting durably between its calls (named {@code prefix-wait-...}). */
    static List<String> deployAgents(Supplier<RequestSpecification> api, Receiver receiver, int count, String prefix) {
        return deployAgents(api, receiver, count, prefix, true);
    }

    /** {@code count} of {@link Harness#agent}; when {@code someWait}, every other one waits durably between its calls. */
    static List<String> deployAgents(Supplier<RequestSpecification> api, Receiver receiver, int count, String prefix, boolean someWait) {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean waits = someWait && i % 2 == 1;
            String name = Castellan.uniqueName(waits ? prefix + "-wait" : prefix);
            deploy(api, Harness.agent(name, receiver, waits));
            agents.add(name);
        }
        return agents;
    }

    /** Deploys a manifest through the server {@code api} talks to. */
    static void deploy(Supplier<RequestSpecification> api, String manifest) {
        api.get().contentType("application/yaml").body(manifest).post("/processes").then().statusCode(201);
    }

    /** Starts the server again in the background (its start blocks until it has launched, not until it is ready). */
    static CompletableFuture<Void> startAgain(LibertyServer server) {
        return CompletableFuture.runAsync(() -> {
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException(server.name() + " did not start again", e);
            }
        });
    }

    /** Triggers {@code from} to {@code to} (their idempotency keys), each to agent n modulo the agents, through the server {@code via} says, 8 at a time. */
    static void acceptAll(Map<String, String> accepted, List<String> agents, int from, int to,
                          IntFunction<Supplier<RequestSpecification>> via) {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int n = from; n < to; n++) {
                int trigger = n;
                String agent = agents.get(n % agents.size());
                sent.add(clients.submit(() -> accepted.put(Harness.accept(via.apply(trigger), agent, trigger), agent)));
            }
            for (Future<?> one : sent) {
                one.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("a trigger was not accepted", e);
        } finally {
            clients.shutdown();
        }
    }

    /** How many invocations are running on that server now, as the API says. */
    static long runningOn(Supplier<RequestSpecification> api, List<String> agents, LibertyServer server) {
        return agents.stream().flatMap(agent -> Harness.invocations(api, agent).stream())
                .filter(i -> "RUNNING".equals(i.get("status")) && String.valueOf(i.get("runner")).startsWith(server.name() + "@")).count();
    }

    /** The minutes the cron process was woken for, in order. */
    static List<Instant> cronTicks(Supplier<RequestSpecification> api, String process) {
        return Harness.invocations(api, process).stream().filter(i -> "cron".equals(((Map<?, ?>) i.get("trigger")).get("kind")))
                .map(i -> Instant.parse((String) ((Map<?, ?>) ((Map<?, ?>) i.get("trigger")).get("payload")).get("fired_at")))
                .sorted().toList();
    }

    @Override
    public void close() throws Exception {
        for (LibertyServer server : List.of(a, b)) {
            try {
                server.stop();
            } catch (Exception e) {
                System.out.println("stopping " + server.name() + ": " + e.getMessage());
            }
        }
        broker.close();
        database.close();
    }
}

package io.castellan.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

package io.castellan.peer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.txstep.IsolationLevel;
import dev.dbos.transact.txstep.JdbcStepFactory;
import dev.dbos.transact.txstep.StepFactoryOptions;
import dev.dbos.transact.workflow.Workflow;
import dev.dbos.transact.workflow.WorkflowHandle;
import io.castellan.it.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not Castellan: the peer beside {@code ThroughputBenchmark -Dbench.pg}. A durable-workflow library
 * (DBOS Transact for Java) runs the same no-op in this JVM: a transactional step that writes one row
 * of state (its output recorded in the same transaction) and a step that returns the reply, each
 * recorded, on a PostgreSQL cluster it starts under target/ with fsync on. 20 keys, 10,000
 * workflows a round (-Dbench.rounds rounds), started by 16 client threads (each start returns once
 * its workflow is recorded); it prints workflows completed per second and the CPU this JVM (library
 * and clients) and PostgreSQL used per workflow; then the latency of one workflow at a time
 * (-Dbench.sequential, default 1,000). Unlike Castellan's benchmark the clients call in the same
 * JVM: no HTTP, no application server.
 */
public final class PeerBenchmark {

    private static final int KEYS = 20;
    private static final int WORKFLOWS = 10_000;
    private static final int CLIENTS = 16;

    private PeerBenchmark() {
    }

    /** The workflow's interface: DBOS runs a workflow through a proxy of it. */
    public interface NoOp {
        String run(String key, int n);
    }

    /** The no-op: one transactional state write, one step for the reply. */
    public static final class NoOpWorkflow implements NoOp {
        private final DBOS dbos;
        private final JdbcStepFactory transactions;

        NoOpWorkflow(DBOS dbos, JdbcStepFactory transactions) {
            this.dbos = dbos;
            this.transactions = transactions;
        }

        @Override
        @Workflow(name = "noop")
        public String run(String key, int n) {
            transactions.txStep(connection -> {
                write(connection, key, n);
            }, new StepFactoryOptions("state_set", IsolationLevel.READ_COMMITTED));
            return dbos.runStep(() -> "ok " + n, "reply");
        }

        private static void write(Connection connection, String key, int n) {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "insert into peer_state (process, state_key, state_value) values (?, 'last', ?)"
                            + " on conflict (process, state_key) do update set state_value = excluded.state_value")) {
                upsert.setString(1, key);
                upsert.setString(2, String.valueOf(n));
                upsert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        String port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = String.valueOf(free.getLocalPort());
        }
        // Castellan's own test cluster (fsync on, as -Dbench.pg's), under target/
        String dir = Path.of("target/peer-postgresql").toAbsolutePath().toString();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/castellan";
        TestPostgres.main(new String[] {"start", dir, port, "durable"});
        try {
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(url);
            pool.setUsername("castellan");
            pool.setMaximumPoolSize(20);
            try (HikariDataSource data = new HikariDataSource(pool)) {
                try (Connection connection = data.getConnection()) {
                    connection.createStatement().execute("create table peer_state (process varchar(63), state_key varchar(200),"
                            + " state_value text, primary key (process, state_key))");
                }
                DBOS dbos = new DBOS(DBOSConfig.defaults("peer").withDatabaseUrl(url).withDbUser("castellan").withDbPassword("")
                        .withAdminServer(false));
                NoOp proxy = dbos.registerProxy(NoOp.class, new NoOpWorkflow(dbos, new JdbcStepFactory(dbos, data)));
                dbos.launch();
                try {
                    for (int round = 1; round <= rounds; round++) {
                        round(dbos, proxy, round, rounds);
                    }
                    oneAtATime(dbos, proxy);
                } finally {
                    dbos.shutdown();
                }
            }
        } finally {
            TestPostgres.main(new String[] {"stop", dir, port});
        }
    }

    /**
     * The same workflow one at a time, each started once the one before has ended, after as many to
     * warm up: from the start's call to its result, as the client sees it (Castellan's benchmark reads
     * its server's own queued and finished times, which leave the HTTP request out).
     */
    private static void oneAtATime(DBOS dbos, NoOp proxy) {
        int count = Integer.getInteger("bench.sequential", 1000);
        List<Long> micros = new ArrayList<>();
        for (int n = 0; n < 2 * count; n++) {
            int i = n;
            long started = System.nanoTime();
            String result = dbos.startWorkflow(() -> proxy.run("key-seq", i)).getResult();
            long took = (System.nanoTime() - started) / 1_000;
            if (!result.startsWith("ok ")) {
                throw new IllegalStateException("a workflow answered " + result);
            }
            if (n >= count) {
                micros.add(took);
            }
        }
        Collections.sort(micros);
        System.out.printf("%npeer: one workflow at a time, %d after %d to warm up: started -> result p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n",
                count, count, micros.get(count / 2) / 1000.0, micros.get((int) (count * 0.9)) / 1000.0, micros.get((int) (count * 0.99)) / 1000.0);
    }

    private static void round(DBOS dbos, NoOp proxy, int round, int rounds) throws Exception {
        CpuMeter cpu = new CpuMeter();
        long started = System.nanoTime();
        List<WorkflowHandle<String, RuntimeException>> handles = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> sent = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            sent.add(clients.submit(() -> {
                for (int n = next.getAndIncrement(); n < WORKFLOWS; n = next.getAndIncrement()) {
                    int i = n;
                    handles.add(dbos.startWorkflow(() -> proxy.run("key-" + (i % KEYS), i)));
                }
                return null;
            }));
        }
        for (Future<?> one : sent) {
            one.get();
        }
        clients.shutdown();
        long accepted = System.nanoTime();
        for (WorkflowHandle<String, RuntimeException> handle : handles) {
            if (!handle.getResult().startsWith("ok ")) {
                throw new IllegalStateException("workflow " + handle.workflowId() + " answered " + handle.getResult());
            }
        }
        long done = System.nanoTime();
        cpu.stop();
        if (handles.size() != WORKFLOWS) {
            throw new IllegalStateException(handles.size() + " workflows started of " + WORKFLOWS);
        }
        double seconds = (done - started) / 1e9;
        System.out.printf("%npeer: round %d of %d, DBOS Transact %s, %d keys, %d workflows, %d client threads, PostgreSQL (fsync on)%n",
                round, rounds, DBOS.version(), KEYS, WORKFLOWS, CLIENTS);
        System.out.printf("peer: started %d workflows in %.1f s; completed them in %.1f s: %.0f workflows/s%n",
                WORKFLOWS, (accepted - started) / 1e9, seconds, WORKFLOWS / seconds);
        System.out.printf("peer: %s%n", cpu.perWorkflow(WORKFLOWS));
    }
}

import java.sql.*;
import java.util.*;
import java.util.concurrent.*;

/**
 * A cron minute's writes replayed on a copy of a fleet's H2 database by plain JDBC, to weigh each
 * statement without a server: every scheduled process gets one accept as {@code CronFiring} and
 * {@code IntakeTransaction} make it (its schedule and process locked, the queued check, an
 * invocation row shaped as the database's own, the schedules moved), in batches, on lanes of
 * neighbouring processes, as {@code CronTick} fires them. With {@code receipts} each accept also
 * writes its journal entry and advances the journal counters, as before session 67 (TriggerReceipts).
 * docs/performance.md (sessions 66 and 67) says how to get the database and what it showed.
 *
 * <pre>
 * java -cp ~/.m2/repository/com/h2database/h2/2.4.240/h2-2.4.240.jar src/tools/CronMinuteReplay.java \
 *     /path/to/copy/castellan LANES [receipts] [nolocksched] [nolockproc] [noinv] [nomove] [drop:INDEX]...
 * </pre>
 * -Drounds (default 3) minutes one after the other, -Dbatch (default 500) accepts a transaction.
 * It writes into the copy: use a fresh copy for each run.
 */
public class CronMinuteReplay {
    static final int BATCH = Integer.getInteger("batch", 500);
    static String url;
    static Set<String> flags = new HashSet<>();

    public static void main(String[] a) throws Exception {
        url = "jdbc:h2:" + a[0] + ";MODE=LEGACY;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000;PAGE_SIZE=4096";
        int lanes = Integer.parseInt(a[1]);
        for (int i = 2; i < a.length; i++) flags.add(a[i]);
        if (!flags.contains("receipts")) { flags.add("nojournal"); flags.add("noseq"); }
        List<String> procs = new ArrayList<>();
        Object[] invTemplate; String[] invCols; Object[] jTemplate; String[] jCols;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (ResultSet rs = c.createStatement().executeQuery("select process_name from cron_schedule order by process_name")) {
                while (rs.next()) procs.add(rs.getString(1));
            }
            try (ResultSet rs = c.createStatement().executeQuery("select * from invocation where trigger_kind = 'CRON' limit 1")) {
                rs.next(); invCols = cols(rs); invTemplate = vals(rs);
            }
            try (ResultSet rs = c.createStatement().executeQuery("select * from journal_entry where type = 'TRIGGER_RECEIVED' limit 1")) {
                rs.next(); jCols = cols(rs); jTemplate = vals(rs);
            }
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            for (String f : flags) if (f.startsWith("drop:")) c.createStatement().execute("drop index " + f.substring(5));
        }
        System.out.println("processes " + procs.size() + "; invocation " + Arrays.toString(invCols) + "; journal " + Arrays.toString(jCols));
        String run = Long.toString(System.currentTimeMillis(), 36);
        int rounds = Integer.getInteger("rounds", 3);
        for (int round = 0; round < rounds; round++) {
            int thisRound = round;
            String tag = run + "-" + round;
            long t0 = System.nanoTime();
            List<Thread> ts = new ArrayList<>();
            long[] phase = new long[7];
            for (int l = 0; l < lanes; l++) {
                List<String> lane = procs.subList(procs.size() * l / lanes, procs.size() * (l + 1) / lanes);
                ts.add(Thread.ofPlatform().start(() -> {
                    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                        c.setAutoCommit(false);
                        for (int from = 0; from < lane.size(); from += BATCH) {
                            batch(c, lane.subList(from, Math.min(lane.size(), from + BATCH)), thisRound, tag, invCols, invTemplate, jCols, jTemplate, phase);
                        }
                    } catch (SQLException e) { e.printStackTrace(); System.exit(1); }
                }));
            }
            for (Thread t : ts) t.join();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("round %d: %d accepts in %d ms on %d lanes %s; phases ms (sum over lanes): lockSched %d lockProc %d queued %d inserts %d seq %d move %d commit %d%n",
                    round, procs.size(), ms, lanes, flags, phase[0] / 1_000_000, phase[1] / 1_000_000, phase[2] / 1_000_000, phase[3] / 1_000_000,
                    phase[4] / 1_000_000, phase[5] / 1_000_000, phase[6] / 1_000_000);
        }
    }

    static void batch(Connection c, List<String> procs, int round, String tag, String[] invCols, Object[] invT, String[] jCols, Object[] jT, long[] phase) throws SQLException {
        Object[] names = procs.toArray();
        // without the counters' update a round's sequence numbers must still be new ones
        boolean noseq = flags.contains("noseq");
        long t = System.nanoTime();
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select * from cron_schedule where process_name = any(?) order by next_fire_at, id"
                + (flags.contains("nolocksched") ? "" : " for update"))) {
            ps.setObject(1, names);
            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) ids.add(rs.getString("id")); }
        }
        t = lap(phase, 0, t);
        Map<String, Long> seqs = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select * from agent_process where name = any(?) order by name"
                + (flags.contains("nolockproc") ? "" : " for update"))) {
            ps.setObject(1, names);
            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) seqs.put(rs.getString("name"), rs.getLong("journal_seq")); }
        }
        // the redactor's read-ahead of the processes' secrets, for their journal entries
        if (!flags.contains("nojournal")) try (PreparedStatement ps = c.prepareStatement("select * from process_secret where process_name = any(?)")) {
            ps.setObject(1, names);
            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) { } }
        }
        t = lap(phase, 1, t);
        StringBuilder q = new StringBuilder("select k.name from (values ");
        for (int i = 0; i < procs.size(); i++) q.append(i == 0 ? "(?)" : ",(?)");
        q.append(") k (name) where exists (select 1 from invocation i where i.process_name = k.name and i.status = 'QUEUED')");
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            for (int i = 0; i < procs.size(); i++) ps.setString(i + 1, procs.get(i));
            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) { } }
        }
        t = lap(phase, 2, t);
        try (PreparedStatement ji = c.prepareStatement(insert("journal_entry", jCols)); PreparedStatement ii = c.prepareStatement(insert("invocation", invCols))) {
            int n = 0;
            for (String p : procs) {
                String id = UUID.randomUUID().toString();
                Object[] j = jT.clone();
                set(jCols, j, "PROCESS_NAME", p); set(jCols, j, "SEQ", seqs.get(p) + 1 + (noseq ? 1000 + round : 0)); set(jCols, j, "INVOCATION_ID", id);
                set(jCols, j, "AT", new Timestamp(System.currentTimeMillis()));
                if (!flags.contains("nojournal")) { for (int k = 0; k < j.length; k++) ji.setObject(k + 1, j[k]);
                ji.addBatch(); }
                Object[] v = invT.clone();
                set(invCols, v, "ID", id); set(invCols, v, "PROCESS_NAME", p); set(invCols, v, "DEDUP_KEY", "cron:" + tag);
                set(invCols, v, "STATUS", "QUEUED"); set(invCols, v, "QUEUED_AT", new Timestamp(System.currentTimeMillis()));
                // a database of session 67 on holds it: the cron batch's receipt still to be journaled
                if (!flags.contains("receipts") && Arrays.asList(invCols).contains("RECEIPT_PENDING")) set(invCols, v, "RECEIPT_PENDING", true);
                if (!flags.contains("noinv")) { for (int k = 0; k < v.length; k++) ii.setObject(k + 1, v[k]);
                ii.addBatch(); }
                if (++n % 128 == 0) { if (!flags.contains("nojournal")) ji.executeBatch(); if (!flags.contains("noinv")) ii.executeBatch(); }
            }
            if (!flags.contains("nojournal")) ji.executeBatch(); if (!flags.contains("noinv")) ii.executeBatch();
        }
        t = lap(phase, 3, t);
        if (!flags.contains("noseq")) try (PreparedStatement ps = c.prepareStatement("update agent_process set journal_seq = journal_seq + 1 where name = any(?)")) {
            ps.setObject(1, names); ps.executeUpdate();
        }
        t = lap(phase, 4, t);
        if (!flags.contains("nomove")) try (PreparedStatement ps = c.prepareStatement("update cron_schedule set next_fire_at = ? where id = any(?)")) {
            ps.setTimestamp(1, new Timestamp(System.currentTimeMillis() + 86_400_000L)); ps.setObject(2, ids.toArray()); ps.executeUpdate();
        }
        t = lap(phase, 5, t);
        c.commit();
        lap(phase, 6, t);
    }

    static long lap(long[] phase, int i, long t) { long n = System.nanoTime(); synchronized (phase) { phase[i] += n - t; } return n; }

    static String insert(String table, String[] cols) {
        return "insert into " + table + " (" + String.join(",", cols) + ") values (" + "?,".repeat(cols.length - 1) + "?)";
    }
    static void set(String[] cols, Object[] v, String col, Object val) {
        int i = Arrays.asList(cols).indexOf(col);
        if (i < 0) throw new IllegalArgumentException(col + " not in " + Arrays.toString(cols));
        v[i] = val;
    }
    static String[] cols(ResultSet rs) throws SQLException {
        String[] c = new String[rs.getMetaData().getColumnCount()];
        for (int i = 0; i < c.length; i++) c[i] = rs.getMetaData().getColumnName(i + 1);
        return c;
    }
    static Object[] vals(ResultSet rs) throws SQLException {
        Object[] v = new Object[rs.getMetaData().getColumnCount()];
        for (int i = 0; i < v.length; i++) v[i] = rs.getObject(i + 1);
        return v;
    }
}

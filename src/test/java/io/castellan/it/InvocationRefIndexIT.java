package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pass only (its server's database, {@code it.db.url}): db/postgresql/V26_1 keeps
 * only the invocations events started in {@code ix_invocation_ref}, and the lookup of an event's
 * invocations, in the form the server sends (the kind in the text, the ids bound:
 * {@code Invocations.startedByEvents}), is planned once through it and finds them alone. Its rows
 * are written in a transaction that is rolled back.
 */
class InvocationRefIndexIT {

    /** The server's lookup of the invocations one event started, as Hibernate writes it. */
    private static final String STARTED_BY_EVENT = "select i1_0.id from invocation i1_0 where i1_0.trigger_ref in ($1)"
            + " and i1_0.trigger_kind='EVENT' order by i1_0.process_name";

    @Test
    void onlyEventsInvocationsAreIndexed() throws Exception {
        assertThat(PostgresPass.indexDefinition("ix_invocation_ref")).contains("(trigger_ref)")
                .contains("WHERE ((trigger_kind)::text = 'EVENT'::text)");
    }

    @Test
    void theLookupPlannedOnceUsesTheIndex() throws Exception {
        assertThat(PostgresPass.genericPlan("started_by_event(varchar)", STARTED_BY_EVENT, "('any')")).contains("ix_invocation_ref");
    }

    @Test
    void theLookupFindsTheEventsInvocationsAndNoOtherWithTheSameRef() throws Exception {
        try (Connection connection = PostgresPass.database()) {
            connection.setAutoCommit(false);
            try {
                insert(connection, "invocation-ref-index-it-1", "EVENT", "evt-invocation-ref-index-it");
                insert(connection, "invocation-ref-index-it-2", "CRON", "evt-invocation-ref-index-it");
                insert(connection, "invocation-ref-index-it-3", "MANUAL", null);
                try (PreparedStatement lookup = connection.prepareStatement(STARTED_BY_EVENT.replace("$1", "?"))) {
                    lookup.setString(1, "evt-invocation-ref-index-it");
                    List<String> found = new ArrayList<>();
                    try (ResultSet rows = lookup.executeQuery()) {
                        while (rows.next()) {
                            found.add(rows.getString(1));
                        }
                    }
                    assertThat(found).containsExactly("invocation-ref-index-it-1");
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private static void insert(Connection connection, String id, String kind, String ref) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into invocation (id, process_name, status, parked, trigger_kind,"
                + " trigger_ref, trigger_payload, queued_at) values (?, 'invocation-ref-index-it', 'COMPLETED', false, ?, ?, '{}', now())")) {
            insert.setString(1, id);
            insert.setString(2, kind);
            insert.setString(3, ref);
            insert.executeUpdate();
        }
    }
}

package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pass only (its server's database, {@code it.db.url}): the lookup of a process's
 * queue, in the form the server sends (the status in the text, the process bound:
 * {@code InvocationStatus.IS_QUEUED}), is planned once and reads the queue alone, with the
 * indexes the migrations make: db/postgresql/V25_1 holds the queue, V25_2 leaves it out of the
 * status index, through which PostgreSQL read every queued invocation of the fleet for one process.
 */
class QueueIndexIT {

    /** The server's lookup of a process's oldest queued invocation, as Hibernate writes it, with the process bound. */
    private static final String OLDEST_QUEUED = "select i1_0.id from invocation i1_0 where i1_0.process_name=$1 and i1_0.status='QUEUED'"
            + " order by i1_0.process_name, i1_0.status, i1_0.queued_at, i1_0.id fetch first $2 rows only";

    @Test
    void theQueueHasAnIndexOfItsOwnAndTheStatusIndexLeavesItOut() throws Exception {
        assertThat(PostgresPass.indexDefinition("ix_invocation_queued")).contains("(process_name, queued_at, id)")
                .contains("WHERE ((status)::text = 'QUEUED'::text)");
        assertThat(PostgresPass.indexDefinition("ix_invocation_status")).contains("(status, runner)")
                .contains("WHERE ((status)::text <> 'QUEUED'::text)");
    }

    @Test
    void theLookupPlannedOnceForAnyProcessReadsItsQueueAlone() throws Exception {
        // bound, the status too, the plan kept read the process's every invocation through
        // ix_invocation_process and filtered them; through ix_invocation_status it read every
        // queued invocation of the fleet and filtered those
        assertThat(PostgresPass.genericPlan("oldest_queued(varchar, int)", OLDEST_QUEUED, "('any', 1)"))
                .containsAnyOf("ix_invocation_queued", "ix_invocation_queue ").doesNotContain("ix_invocation_status").doesNotContain("Filter");
    }

    @Test
    void theQueriesByStatusAloneStillFindAnIndex() throws Exception {
        // the gauges' and the recovery's, which name the status in their text
        assertThat(PostgresPass.genericPlan("waiting", "select count(i1_0.id) from invocation i1_0 where i1_0.status='WAITING'", ""))
                .contains("ix_invocation_status");
        assertThat(PostgresPass.genericPlan("queued", "select count(i1_0.id) from invocation i1_0 where i1_0.status='QUEUED'", ""))
                .containsAnyOf("ix_invocation_queued", "ix_invocation_queue ");
    }
}

package io.castellan.process;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;

/**
 * Rows of processes that exist only inside a transaction its caller rolls back: the cron warm-up
 * ({@code trigger.CronWarmUp}) fires a batch for them so that the server's first busy minute runs
 * compiled code. Their names are not names a manifest may have (those are {@code [a-z0-9-]}), so no
 * real process can meet one, and no event is fired for them: nothing outside the transaction hears
 * of them.
 */
public final class StandIns {

    private StandIns() {
    }

    /** A running process at version 1 of {@code manifestText} for each name, in the caller's transaction. */
    public static void persist(EntityManager em, List<String> names, String manifestText, Instant now) {
        for (String name : names) {
            em.persist(new AgentProcess(name, ProcessState.RUNNING, now));
            em.persist(new ProcessVersion(name, 1, manifestText, now, "castellan", "cron warm-up (rolled back)"));
        }
    }
}

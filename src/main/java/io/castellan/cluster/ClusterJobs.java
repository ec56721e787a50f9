package io.castellan.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;

/**
 * Periodic work that one server of the fleet does per period, whichever is alive: each server's
 * timer asks {@link #take}, and the one whose conditional update moves the job's next time on
 * does the work. A dead server's turn passes to the next server that asks. A role (see
 * {@link #hold}) stays with one server while it renews it.
 */
@ApplicationScoped
public class ClusterJobs {

    @PersistenceContext
    private EntityManager em;

    /**
     * @return true on exactly one server per period: the job is this server's to do now
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean take(String name, Duration every) {
        Instant now = Instant.now();
        int moved = em.createQuery("update ClusterJob j set j.nextAt = :next where j.name = :name and j.nextAt <= :now")
                .setParameter("next", now.plus(every)).setParameter("name", name).setParameter("now", now).executeUpdate();
        if (moved == 1) {
            return true;
        }
        if (em.find(ClusterJob.class, name) != null) {
            return false;
        }
        // the first time: two servers racing here make one primary key, and the loser's commit fails
        em.persist(new ClusterJob(name, now.plus(every), null));
        em.flush();
        return true;
    }

    /**
     * A role that one server of the fleet holds at a time: true while this server holds it, which
     * it keeps by asking again within {@code lease}; another server takes it once that has passed.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean hold(String name, Duration lease) {
        Instant now = Instant.now();
        int held = em.createQuery("update ClusterJob j set j.holder = :me, j.nextAt = :until where j.name = :name"
                        + " and (j.holder = :me or j.nextAt <= :now)")
                .setParameter("me", ThisServer.NAME).setParameter("until", now.plus(lease)).setParameter("name", name)
                .setParameter("now", now).executeUpdate();
        if (held == 1) {
            return true;
        }
        if (em.find(ClusterJob.class, name) != null) {
            return false;
        }
        em.persist(new ClusterJob(name, now.plus(lease), ThisServer.NAME));
        em.flush();
        return true;
    }
}

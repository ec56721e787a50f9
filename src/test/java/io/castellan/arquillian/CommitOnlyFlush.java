package io.castellan.arquillian;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Makes the caller's transaction flush only at its commit, as a cron lane's batch runs
 * ({@code CronFiring}): no query in it flushes what the batch has changed so far.
 */
@ApplicationScoped
public class CommitOnlyFlush {

    @PersistenceContext
    private EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void set() {
        em.setFlushMode(FlushModeType.COMMIT);
    }
}

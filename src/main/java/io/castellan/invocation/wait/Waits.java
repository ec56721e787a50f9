package io.castellan.invocation.wait;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.WakeUps;
import io.castellan.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable waits: begun inside the step that suspends an invocation, resolved by their event, which
 * sends the invocation a wake-up once that transaction has committed (a crash before it is sent
 * leaves a WAITING invocation with nothing pending, which the next start's recovery wakes). A wake-up that finds the wait still
 * pending, or its invocation ended, does nothing; so does a second one.
 */
@ApplicationScoped
public class Waits {

    /** How many due waits one pass of the timer resolves; the rest go in the next pass. */
    static final int BATCH = 500;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private WakeUps wakeUps;

    @Transactional(TxType.MANDATORY)
    void begin(RunStart run, int step, DurableWait.Kind kind, Instant wakeAt, String eventKey) {
        em.persist(new DurableWait(run.invocationId(), run.process(), step, kind, wakeAt, eventKey, Instant.now()));
    }

    @Transactional(TxType.MANDATORY)
    Optional<DurableWait> find(String invocationId, int step) {
        return Optional.ofNullable(em.find(DurableWait.class, DurableWait.key(invocationId, step)));
    }

    /** Resolves the step's wait, if it still waits, and wakes its invocation once this commits. */
    @Transactional(TxType.MANDATORY)
    void resolve(String invocationId, String process, int step, JsonNode outcome) {
        DurableWait wait = em.find(DurableWait.class, DurableWait.key(invocationId, step), LockModeType.PESSIMISTIC_WRITE);
        if (wait != null && wait.pending()) {
            wait.resolve(outcome, Instant.now());
            wakeUps.afterCommit(process, invocationId);
        }
    }

    /** True when the invocation waits for an event that has not come. */
    @Transactional(TxType.MANDATORY)
    public boolean pending(String invocationId) {
        return !em.createQuery("select w.id from DurableWait w where w.invocationId = :i and w.pending = true", String.class)
                .setParameter("i", invocationId).setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * Resolves the waits that are due, oldest first, and wakes their invocations: a time wait with
     * its time, an answer wait whose timeout has passed with that error.
     *
     * @return how many were resolved (at most {@link #BATCH})
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int wakeDue(Instant now) {
        List<DurableWait> due = em.createQuery("select w from DurableWait w where w.pending = true and w.wakeAt <= :now"
                        + " order by w.pending, w.wakeAt", DurableWait.class)
                .setParameter("now", now)
                .setMaxResults(BATCH)
                // another server's timer may take the same rows: it waits for this commit, then finds them resolved
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        for (DurableWait wait : due) {
            em.refresh(wait);
            if (!wait.pending()) {
                continue;
            }
            wait.resolve(wait.kind() == DurableWait.Kind.TIME
                    ? Json.object().put("waited_until", wait.wakeAt().toString()).put("woke_at", now.toString())
                    : Json.object().put("error", "no answer by " + wait.wakeAt() + " (the timeout): the asked invocation " + wait.eventKey()
                            + " goes on, but its answer will not be used"), now);
            wakeUps.afterCommit(wait.processName(), wait.invocationId());
        }
        return due.size();
    }

    /** The invocation ended while it waited: its waits are resolved with nothing. */
    @Transactional(TxType.MANDATORY)
    public void discard(String invocationId) {
        Instant now = Instant.now();
        em.createQuery("select w from DurableWait w where w.invocationId = :i and w.pending = true", DurableWait.class)
                .setParameter("i", invocationId).getResultList().forEach(w -> w.discard(now));
    }

    @Transactional(TxType.MANDATORY)
    public void deleteOf(String process) {
        em.createQuery("delete from DurableWait w where w.processName = :p").setParameter("p", process).executeUpdate();
    }
}

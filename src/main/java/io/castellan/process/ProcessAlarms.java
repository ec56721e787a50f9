package io.castellan.process;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;

/**
 * Timed actions of processes as indexed rows: setting, moving or cancelling one is a lookup by its
 * key, whatever the size of the fleet (persistent EJB timers could only be found by listing them
 * all). Durable: an alarm due while the server was down rings once when it is back.
 */
@ApplicationScoped
public class ProcessAlarms {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Event<ProcessAlarm.Rang> rang;

    /** Sets (or moves) the process's alarm of this kind, in the caller's transaction. */
    @Transactional(TxType.MANDATORY)
    public void set(String kind, String process, Instant at, String data) {
        ProcessAlarm alarm = em.find(ProcessAlarm.class, ProcessAlarm.key(kind, process));
        if (alarm == null) {
            em.persist(new ProcessAlarm(kind, process, at, data));
        } else {
            alarm.reset(at, data);
        }
    }

    @Transactional(TxType.MANDATORY)
    public void cancel(String kind, String process) {
        em.createQuery("delete from ProcessAlarm a where a.id = :id").setParameter("id", ProcessAlarm.key(kind, process)).executeUpdate();
    }

    /** A deleted process takes its alarms with it. */
    void follow(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            em.createQuery("delete from ProcessAlarm a where a.processName = :p").setParameter("p", event.process()).executeUpdate();
        }
    }

    /** The keys of the alarms due now, oldest first. */
    @Transactional
    List<String> due(Instant now, int max) {
        return em.createQuery("select a.id from ProcessAlarm a where a.dueAt <= :now order by a.dueAt", String.class)
                .setParameter("now", now).setMaxResults(max).getResultList();
    }

    /**
     * Rings one alarm: removes it and fires {@link ProcessAlarm.Rang} in this transaction, so the
     * area's action and the alarm's end commit together (an observer that fails rolls both back,
     * and the alarm rings again). Another server that took it first leaves nothing to ring.
     */
    @Transactional(TxType.REQUIRES_NEW)
    void ring(String id, Instant now) {
        ProcessAlarm alarm = em.find(ProcessAlarm.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (alarm == null || alarm.rang().dueAt().isAfter(now)) {
            return;
        }
        ProcessAlarm.Rang what = alarm.rang();
        em.remove(alarm);
        em.flush();
        rang.fire(what);
    }
}

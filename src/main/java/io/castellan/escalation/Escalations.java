package io.castellan.escalation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.manifest.Budget;
import io.castellan.platform.Json;
import io.castellan.platform.TimeOrderedIds;
import io.castellan.process.ProcessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Queues notices for escalation URLs and keeps track of their delivery. */
@ApplicationScoped
public class Escalations {

    @PersistenceContext
    private EntityManager em;

    /**
     * Queues a notice in the caller's transaction: {@code {id, process, kind, at, ...details}}.
     *
     * @return the notice's id, which the receiver also gets as {@code X-Castellan-Notice}
     */
    @Transactional(TxType.MANDATORY)
    public String notify(String process, Budget.Escalation to, String kind, ObjectNode details) {
        String id = TimeOrderedIds.next();
        Instant now = Instant.now();
        ObjectNode body = Json.object().put("id", id).put("process", process).put("kind", kind).put("at", now.toString());
        body.setAll(details);
        em.persist(new EscalationNotice(id, process, to.url(), to.secretVariable(), Json.write(body), now));
        return id;
    }

    /** Notices due for an attempt, oldest first. */
    @Transactional
    List<String> due(Instant now, int limit) {
        return em.createQuery("select n.id from EscalationNotice n where n.deliveredAt is null and n.nextAttemptAt <= :now"
                        + " order by n.nextAttemptAt", String.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Takes a due notice for one attempt; empty when it was delivered or taken meanwhile. */
    @Transactional
    Optional<EscalationNotice> take(String id, Duration attempt) {
        EscalationNotice notice = em.find(EscalationNotice.class, id, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        if (notice == null || notice.delivered() || notice.nextAttemptAt().isAfter(now)) {
            return Optional.empty();
        }
        notice.holdFor(attempt, now);
        return Optional.of(notice);
    }

    @Transactional
    void delivered(String id) {
        em.find(EscalationNotice.class, id).deliver(Instant.now());
    }

    @Transactional
    void failed(String id, String error) {
        em.find(EscalationNotice.class, id).retryLater(error, Instant.now());
    }

    void onDelete(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            em.createQuery("delete from EscalationNotice n where n.processName = :p and n.deliveredAt is not null")
                    .setParameter("p", event.process()).executeUpdate();
        }
    }
}

package io.castellan.usage;

import io.castellan.process.ProcessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;

/** Records model calls and reads them back for usage reports. */
@ApplicationScoped
public class UsageLedger {

    @PersistenceContext
    private EntityManager em;

    @Transactional(TxType.MANDATORY)
    public void record(ModelCall call) {
        em.persist(call);
    }

    @Transactional
    public List<ModelCall> between(String process, Instant from, Instant to) {
        return em.createQuery("select c from ModelCall c where c.processName = :p and c.at >= :from and c.at < :to order by c.at",
                        ModelCall.class)
                .setParameter("p", process)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
    }

    void onDelete(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            em.createQuery("delete from ModelCall c where c.processName = :p").setParameter("p", event.process()).executeUpdate();
        }
    }
}

package io.castellan.budget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a process has spent and started since an instant, from the usage ledger and the budget's charges. */
@ApplicationScoped
public class Spending {

    @PersistenceContext
    private EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public BigDecimal costSince(String process, Instant from) {
        BigDecimal models = em.createQuery("select coalesce(sum(c.costUsd), 0) from ModelCall c where c.processName = :p and c.at >= :from",
                        BigDecimal.class)
                .setParameter("p", process).setParameter("from", from).getSingleResult();
        BigDecimal tools = em.createQuery("select coalesce(sum(b.costUsd), 0) from BudgetCharge b where b.processName = :p and b.kind = :k"
                        + " and b.at >= :from", BigDecimal.class)
                .setParameter("p", process).setParameter("k", BudgetCharge.Kind.TOOL.name()).setParameter("from", from).getSingleResult();
        return models.add(tools);
    }

    /** Model and tool cost per UTC day of {@code [from, to)}; days without any are absent. */
    @Transactional
    public Map<LocalDate, BigDecimal> costPerDay(String process, Instant from, Instant to) {
        List<Object[]> costs = new ArrayList<>(em.createQuery("select c.at, c.costUsd from ModelCall c where c.processName = :p"
                        + " and c.at >= :from and c.at < :to and c.costUsd is not null", Object[].class)
                .setParameter("p", process).setParameter("from", from).setParameter("to", to).getResultList());
        costs.addAll(em.createQuery("select b.at, b.costUsd from BudgetCharge b where b.processName = :p and b.kind = :k"
                        + " and b.at >= :from and b.at < :to and b.costUsd is not null", Object[].class)
                .setParameter("p", process).setParameter("k", BudgetCharge.Kind.TOOL.name())
                .setParameter("from", from).setParameter("to", to).getResultList());
        Map<LocalDate, BigDecimal> days = new TreeMap<>();
        for (Object[] cost : costs) {
            days.merge(((Instant) cost[0]).atZone(ZoneOffset.UTC).toLocalDate(), (BigDecimal) cost[1], BigDecimal::add);
        }
        return days;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long invocationsSince(String process, Instant from) {
        return em.createQuery("select count(b) from BudgetCharge b where b.processName = :p and b.kind = :k and b.at >= :from", Long.class)
                .setParameter("p", process).setParameter("k", BudgetCharge.Kind.INVOCATION.name()).setParameter("from", from)
                .getSingleResult();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    long tokensOf(String invocationId) {
        return em.createQuery("select coalesce(sum(c.inputTokens + c.outputTokens), 0) from ModelCall c where c.invocationId = :id", Long.class)
                .setParameter("id", invocationId).getSingleResult();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void charge(BudgetCharge charge) {
        em.persist(charge);
    }

    /** Records that a limit's warning or excess was acted on this budget day; false when it already was. */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean firstNotice(String process, BudgetDay day, String limit, String kind) {
        Number seen = (Number) em.createNativeQuery("select count(*) from budget_notice where process_name = ?1 and day_start = ?2"
                        + " and limit_name = ?3 and kind = ?4")
                .setParameter(1, process).setParameter(2, day.start()).setParameter(3, limit).setParameter(4, kind)
                .getSingleResult();
        if (seen.longValue() > 0) {
            return false;
        }
        em.createNativeQuery("insert into budget_notice (process_name, day_start, limit_name, kind, at) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, process).setParameter(2, day.start()).setParameter(3, limit).setParameter(4, kind)
                .setParameter(5, Instant.now())
                .executeUpdate();
        return true;
    }

    void forget(String process) {
        em.createQuery("delete from BudgetCharge b where b.processName = :p").setParameter("p", process).executeUpdate();
        em.createNativeQuery("delete from budget_notice where process_name = ?1").setParameter(1, process).executeUpdate();
    }
}

package io.castellan.budget;

import io.castellan.platform.InTransaction;
import io.castellan.platform.SqlLists;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a process has spent and started since an instant, from the usage ledger and the budget's charges. */
@ApplicationScoped
public class Spending {

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    @PersistenceContext
    private EntityManager em;

    public BigDecimal costSince(String process, Instant from) {
        InTransaction.required(transactions);
        return cost(process, from, null);
    }

    /** Model and tool cost in {@code [from, to)}. */
    @Transactional
    public BigDecimal costBetween(String process, Instant from, Instant to) {
        return cost(process, from, to);
    }

    private BigDecimal cost(String process, Instant from, Instant to) {
        String before = to == null ? "" : " and c.at < :to";
        TypedQuery<BigDecimal> models = em.createQuery("select coalesce(sum(c.costUsd), 0) from ModelCall c where c.processName = :p"
                + " and c.at >= :from" + before, BigDecimal.class);
        TypedQuery<BigDecimal> tools = em.createQuery("select coalesce(sum(c.costUsd), 0) from BudgetCharge c where c.processName = :p"
                + " and c.kind = :k and c.at >= :from" + before, BigDecimal.class).setParameter("k", BudgetCharge.Kind.TOOL.name());
        BigDecimal total = BigDecimal.ZERO;
        for (TypedQuery<BigDecimal> query : List.of(models, tools)) {
            query.setParameter("p", process).setParameter("from", from);
            if (to != null) {
                query.setParameter("to", to);
            }
            total = total.add(query.getSingleResult());
        }
        return total;
    }

    /** Model and tool cost since {@code from} of each of the processes that spent any, in one query per ledger. */
    Map<String, BigDecimal> costsSince(List<String> processes, Instant from) {
        InTransaction.required(transactions);
        Map<String, BigDecimal> costs = new HashMap<>();
        for (String ledger : List.of("model_usage c on c.process_name = p.name",
                "budget_charge c on c.process_name = p.name and c.kind = 'TOOL'")) {
            for (Object[] row : perProcess(sinceSql("sum(c.cost_usd)", ledger, processes.size()), processes, from)) {
                if (row[1] != null) { // calls of a model without a known price cost nothing here
                    costs.merge((String) row[0], (BigDecimal) row[1], BigDecimal::add);
                }
            }
        }
        return costs;
    }

    /** Invocations started since {@code from} of each of the processes that started any. */
    Map<String, Long> invocationsSince(List<String> processes, Instant from) {
        InTransaction.required(transactions);
        Map<String, Long> counts = new HashMap<>();
        String ledger = "budget_charge c on c.process_name = p.name and c.kind = 'INVOCATION'";
        for (Object[] row : perProcess(sinceSql("count(*)", ledger, processes.size()), processes, from)) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    /**
     * A total per process of a ledger's rows since an instant (the last parameter), each process's
     * rows read from their index under (its name, [kind,] the instant): not its whole history, as
     * {@code c.process_name in (..) and c.at >= ..} reads in H2 ({@link SqlLists}).
     */
    static String sinceSql(String total, String ledgerJoin, int processes) {
        return "select p.name, " + total + " from agent_process p join " + ledgerJoin
                + " where p.name in (" + SqlLists.placeholders(1, processes) + ") and c.at >= ?" + (processes + 1) + " group by p.name";
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> perProcess(String sql, List<String> processes, Instant from) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < processes.size(); i++) {
            query.setParameter(i + 1, processes.get(i));
        }
        return query.setParameter(processes.size() + 1, from).getResultList();
    }

    public long invocationsSince(String process, Instant from) {
        InTransaction.required(transactions);
        return em.createQuery("select count(b) from BudgetCharge b where b.processName = :p and b.kind = :k and b.at >= :from", Long.class)
                .setParameter("p", process).setParameter("k", BudgetCharge.Kind.INVOCATION.name()).setParameter("from", from)
                .getSingleResult();
    }

    long tokensOf(String invocationId) {
        InTransaction.required(transactions);
        return em.createQuery("select coalesce(sum(c.inputTokens + c.outputTokens), 0) from ModelCall c where c.invocationId = :id", Long.class)
                .setParameter("id", invocationId).getSingleResult();
    }

    void charge(BudgetCharge charge) {
        InTransaction.required(transactions);
        em.persist(charge);
    }

    /** Records that a limit's warning or excess was acted on this budget day; false when it already was. */
    boolean firstNotice(String process, BudgetDay day, String limit, String kind) {
        InTransaction.required(transactions);
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

package io.castellan.budget;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.escalation.Escalations;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Budget;
import io.castellan.manifest.Manifest;
import io.castellan.platform.InTransaction;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import io.castellan.telemetry.Metrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Enforces a process's autonomy budget inline, in the transaction of the step it guards: a step
 * that would cross a limit is refused before it is taken, so a limit is never overrun. Daily
 * limits are counted over the budget day; crossing the warning threshold, and reaching a daily
 * limit, are journaled and acted on once a day per limit.
 */
@ApplicationScoped
public class BudgetGuard {

    static final String REASON_PREFIX = "budget: ";

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    @Inject
    private Metrics metrics;

    @Inject
    private Spending spending;

    @Inject
    private Journal journal;

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Escalations escalations;

    /**
     * Before an invocation starts: refused when the process has started its daily number of
     * invocations; else counted as started.
     */
    public Optional<Exceeded> admitInvocation(String process, Manifest manifest, String invocationId) {
        InTransaction.required(transactions);
        Budget budget = manifest.budget();
        Instant now = Instant.now();
        BudgetDay day = BudgetDay.of(budget, now);
        Integer max = budget.maxInvocationsPerDay();
        long started = max == null ? 0 : spending.invocationsSince(process, day.start());
        if (max != null && started >= max) {
            return Optional.of(new Exceeded("max_invocations_per_day", Integer.toString(max), started + " started today", true));
        }
        spending.charge(new BudgetCharge(process, invocationId, BudgetCharge.Kind.INVOCATION, -1, null, BigDecimal.ZERO, now));
        if (max != null) {
            warnIfNear(process, manifest, day, "max_invocations_per_day", BigDecimal.valueOf(started + 1), BigDecimal.valueOf(max));
        }
        return Optional.empty();
    }

    /**
     * Before a model call, with its worst case: the estimated input tokens plus the most it may
     * answer, and what that would cost (null when the model has no known price).
     *
     * @param calls the model calls this invocation has made so far
     */
    public Optional<Exceeded> beforeModelCall(String process, String invocationId, Manifest manifest, int calls,
                                              long worstCaseTokens, BigDecimal worstCaseCost) {
        InTransaction.required(transactions);
        Budget budget = manifest.budget();
        if (budget.maxModelCallsPerInvocation() != null && calls >= budget.maxModelCallsPerInvocation()) {
            return Optional.of(new Exceeded("max_model_calls_per_invocation", budget.maxModelCallsPerInvocation().toString(),
                    calls + " calls made, this would be one more", false));
        }
        if (budget.maxTokensPerInvocation() != null) {
            long used = spending.tokensOf(invocationId);
            if (used + worstCaseTokens > budget.maxTokensPerInvocation()) {
                return Optional.of(new Exceeded("max_tokens_per_invocation", budget.maxTokensPerInvocation().toString(),
                        used + " tokens used, this call could use " + worstCaseTokens + " more", false));
            }
        }
        if (budget.maxDailyCost() != null && worstCaseCost != null) {
            BigDecimal spent = spending.costSince(process, BudgetDay.of(budget, Instant.now()).start());
            if (spent.add(worstCaseCost).compareTo(budget.maxDailyCost()) > 0) {
                return Optional.of(new Exceeded("max_daily_cost", usd(budget.maxDailyCost()),
                        usd(spent) + " spent today, this call could cost up to " + usd(worstCaseCost), true));
            }
        }
        return Optional.empty();
    }

    /**
     * Before a tool call: refused past the invocation's tool calls, or when its cost would cross the
     * daily cost limit; else its cost (if it has one) is charged.
     *
     * @param step the tool calls this invocation has made so far, which is also this call's step
     */
    public Optional<Exceeded> beforeToolCall(String process, String invocationId, Manifest manifest, int step, String tool) {
        InTransaction.required(transactions);
        Budget budget = manifest.budget();
        if (budget.maxToolCallsPerInvocation() != null && step >= budget.maxToolCallsPerInvocation()) {
            return Optional.of(new Exceeded("max_tool_calls_per_invocation", budget.maxToolCallsPerInvocation().toString(),
                    step + " calls made, this would be one more", false));
        }
        BigDecimal cost = budget.toolCost(tool);
        if (cost.signum() == 0) {
            return Optional.empty();
        }
        BudgetDay day = BudgetDay.of(budget, Instant.now());
        BigDecimal spent = budget.maxDailyCost() == null ? BigDecimal.ZERO : spending.costSince(process, day.start());
        if (budget.maxDailyCost() != null && spent.add(cost).compareTo(budget.maxDailyCost()) > 0) {
            return Optional.of(new Exceeded("max_daily_cost", usd(budget.maxDailyCost()),
                    usd(spent) + " spent today, " + tool + " costs " + usd(cost), true));
        }
        spending.charge(new BudgetCharge(process, invocationId, BudgetCharge.Kind.TOOL, step, tool, cost, Instant.now()));
        if (budget.maxDailyCost() != null) {
            warnIfNear(process, manifest, day, "max_daily_cost", spent.add(cost), budget.maxDailyCost());
        }
        return Optional.empty();
    }

    /** After a model call was billed: warns once a day when the day's cost crosses the threshold. */
    public void modelCallBilled(String process, Manifest manifest) {
        InTransaction.required(transactions);
        Budget budget = manifest.budget();
        if (budget.maxDailyCost() != null) {
            BudgetDay day = BudgetDay.of(budget, Instant.now());
            warnIfNear(process, manifest, day, "max_daily_cost", spending.costSince(process, day.start()), budget.maxDailyCost());
        }
    }

    /**
     * Journals a refused step. For a daily limit, also does what {@code on_exceeded} says: pause
     * (until an operator resumes the process or the budget day ends), stop, or pause and send a
     * notice to the escalation URL (once a day per limit).
     */
    public void exceeded(String process, Manifest manifest, String invocationId, Exceeded exceeded) {
        InTransaction.required(transactions);
        Budget budget = manifest.budget();
        ObjectNode data = Json.object().put("limit", exceeded.limit()).put("allowed", exceeded.allowed()).put("used", exceeded.used())
                .put("scope", exceeded.daily() ? "day" : "invocation");
        metrics.budgetRefused(process, exceeded.limit());
        if (!exceeded.daily()) {
            journal.append(process, JournalType.BUDGET_EXCEEDED, invocationId, data);
            return;
        }
        BudgetDay day = BudgetDay.of(budget, Instant.now());
        data.put("day_start", day.start().toString()).put("action", budget.onExceeded().name().toLowerCase());
        if (budget.onExceeded() == Budget.OnExceeded.ESCALATE && budget.escalation() != null
                && spending.firstNotice(process, day, exceeded.limit(), "EXCEEDED")) {
            ObjectNode notice = data.deepCopy();
            data.put("notice", escalations.notify(process, budget.escalation(), "budget_exceeded", notice));
        }
        journal.append(process, JournalType.BUDGET_EXCEEDED, invocationId, data);
        AgentProcess locked = processLocks.lock(process);
        String reason = REASON_PREFIX + exceeded.limit();
        String actor = "castellan: budget (" + exceeded.limit() + ")";
        processes.changeStateIfAllowed(locked, budget.onExceeded() == Budget.OnExceeded.STOP ? ProcessState.STOPPED : ProcessState.PAUSED,
                actor, reason);
    }

    private void warnIfNear(String process, Manifest manifest, BudgetDay day, String limit, BigDecimal used, BigDecimal allowed) {
        Budget budget = manifest.budget();
        BigDecimal threshold = allowed.multiply(BigDecimal.valueOf(budget.warningThreshold()));
        if (used.compareTo(threshold) < 0 || !spending.firstNotice(process, day, limit, "WARNING")) {
            return;
        }
        ObjectNode data = Json.object().put("limit", limit).put("allowed", allowed.toPlainString()).put("used", used.toPlainString())
                .put("threshold", budget.warningThreshold()).put("day_start", day.start().toString());
        if (budget.escalation() != null) {
            data.put("notice", escalations.notify(process, budget.escalation(), "budget_warning", data.deepCopy()));
        }
        journal.append(process, JournalType.BUDGET_WARNING, null, data);
    }

    static String usd(BigDecimal amount) {
        return "USD " + amount.stripTrailingZeros().toPlainString();
    }
}

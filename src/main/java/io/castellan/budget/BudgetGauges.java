package io.castellan.budget;

import io.castellan.manifest.Budget;
import io.castellan.platform.TimerSeconds;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import io.castellan.telemetry.Metrics;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every ten seconds, the share of each daily limit its process has used in the budget day so far
 * ({@code castellan.budget.usage}: 1 is the limit), for the processes that have a daily limit. A
 * handful of grouped queries whatever the fleet's size: one set per distinct budget day start
 * (processes in one time zone with one reset time share it), 500 processes at a time. Which
 * processes have a daily limit is read from the manifests again only when a process changed.
 */
@Singleton
public class BudgetGauges {

    private static final Logger LOG = Logger.getLogger(BudgetGauges.class.getName());
    private static final int CHUNK = 500;

    @Inject
    private Processes processes;

    @Inject
    private Spending spending;

    @Inject
    private Metrics metrics;

    private String knownMark;
    private Map<String, Budget> budgeted = Map.of();

    @Schedule(second = TimerSeconds.EVERY_10, minute = "*", hour = "*", persistent = false)
    void refresh() {
        try {
            metrics.budgetUsage(usage(Instant.now()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Budget gauges: could not read the day's spending now", e);
        }
    }

    /** The processes with a daily limit, read again when a process changed (the mark first: a change after it is seen next time). */
    private Map<String, Budget> budgeted() {
        String mark = processes.changeMark();
        if (!mark.equals(knownMark)) {
            Map<String, Budget> found = new HashMap<>();
            // only a manifest that says max_ can have a daily limit
            for (AgentProcess process : processes.mentioning("max_")) {
                Budget budget = processes.manifest(process.name(), process.version()).budget();
                if (budget.hasDailyLimit()) {
                    found.put(process.name(), budget);
                }
            }
            budgeted = found;
            knownMark = mark;
        }
        return budgeted;
    }

    private List<Metrics.BudgetUse> usage(Instant now) {
        Map<Instant, Map<String, Budget>> byDayStart = new HashMap<>();
        budgeted().forEach((name, budget) ->
                byDayStart.computeIfAbsent(BudgetDay.of(budget, now).start(), start -> new HashMap<>()).put(name, budget));
        List<Metrics.BudgetUse> uses = new ArrayList<>();
        byDayStart.forEach((start, budgets) -> {
            List<String> names = List.copyOf(budgets.keySet());
            for (int from = 0; from < names.size(); from += CHUNK) {
                List<String> chunk = names.subList(from, Math.min(names.size(), from + CHUNK));
                Map<String, BigDecimal> costs = spending.costsSince(chunk, start);
                Map<String, Long> started = spending.invocationsSince(chunk, start);
                for (String name : chunk) {
                    Budget budget = budgets.get(name);
                    if (budget.maxDailyCost() != null) {
                        uses.add(new Metrics.BudgetUse(name, "max_daily_cost", share(costs.getOrDefault(name, BigDecimal.ZERO), budget.maxDailyCost())));
                    }
                    if (budget.maxInvocationsPerDay() != null) {
                        uses.add(new Metrics.BudgetUse(name, "max_invocations_per_day",
                                share(BigDecimal.valueOf(started.getOrDefault(name, 0L)), BigDecimal.valueOf(budget.maxInvocationsPerDay()))));
                    }
                }
            }
        });
        return uses;
    }

    private static double share(BigDecimal used, BigDecimal limit) {
        return limit.signum() == 0 ? (used.signum() == 0 ? 0 : 1) : used.divide(limit, MathContext.DECIMAL64).doubleValue();
    }
}

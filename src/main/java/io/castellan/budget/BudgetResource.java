package io.castellan.budget;

import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.manifest.Budget;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;

/** A process's budget: its limits, what the current budget day has used, and what is left. */
@Path("processes/{name}/budget")
@Produces(MediaType.APPLICATION_JSON)
public class BudgetResource {

    /** Limits of one invocation; null is no limit. */
    public record InvocationLimits(Integer max_tool_calls, Integer max_model_calls, Integer max_tokens) {
    }

    /** A daily limit, the day's use of it and what is left (null limit and remaining: no limit). */
    public record DailyLimit(BigDecimal limit, BigDecimal used, BigDecimal remaining, boolean over_warning_threshold) {
    }

    public record Day(Instant start, Instant end, String timezone, LocalTime reset_at) {
    }

    public record BudgetView(String process, String state, String state_reason, InvocationLimits per_invocation, Day day,
                             DailyLimit cost_usd, DailyLimit invocations, Map<String, BigDecimal> tool_costs,
                             double warning_threshold, String on_exceeded, String escalation_url) {
    }

    @Inject
    private Processes processes;

    @Inject
    private Spending spending;

    @GET
    @Allowed(Role.VIEWER)
    @Transactional
    public BudgetView budget(@PathParam("name") String name) {
        AgentProcess process = processes.require(name);
        Budget budget = processes.manifest(name, process.version()).budget();
        BudgetDay day = BudgetDay.of(budget, Instant.now());
        BigDecimal cost = spending.costSince(name, day.start()).stripTrailingZeros();
        BigDecimal started = BigDecimal.valueOf(spending.invocationsSince(name, day.start()));
        BigDecimal maxInvocations = budget.maxInvocationsPerDay() == null ? null : BigDecimal.valueOf(budget.maxInvocationsPerDay());
        return new BudgetView(name, process.state().name(), process.stateReason(),
                new InvocationLimits(budget.maxToolCallsPerInvocation(), budget.maxModelCallsPerInvocation(), budget.maxTokensPerInvocation()),
                new Day(day.start(), day.end(), budget.timezone().getId(), budget.resetAt()),
                daily(budget.maxDailyCost(), cost, budget), daily(maxInvocations, started, budget),
                budget.toolCosts(), budget.warningThreshold(), budget.onExceeded().name().toLowerCase(),
                budget.escalation() == null ? null : budget.escalation().url());
    }

    private static DailyLimit daily(BigDecimal limit, BigDecimal used, Budget budget) {
        if (limit == null) {
            return new DailyLimit(null, used, null, false);
        }
        boolean over = used.compareTo(limit.multiply(BigDecimal.valueOf(budget.warningThreshold()))) >= 0;
        return new DailyLimit(limit, used, limit.subtract(used).max(BigDecimal.ZERO), over);
    }
}

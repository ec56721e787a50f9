package io.castellan.openmode;

import io.castellan.manifest.Budget;
import io.castellan.manifest.HostPolicy;
import io.castellan.manifest.Manifest;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * A spawned process has its parent's limits or tighter: no open mode, secrets or workspace of its
 * own, tools the parent has, hosts the parent may reach, and for each budget limit the parent has,
 * one no higher.
 */
final class SpawnLimits {

    private SpawnLimits() {
    }

    /** @throws Guardrail naming the first limit the child would exceed */
    static void check(Manifest parent, Manifest child) {
        if (child.openMode() != null) {
            throw new Guardrail("a spawned process cannot have open_mode");
        }
        if (!child.secrets().isEmpty() || child.workspace() != null) {
            throw new Guardrail("a spawned process cannot have secrets or a workspace");
        }
        child.tools().stream().filter(t -> !parent.tools().contains(t)).findFirst().ifPresent(t -> {
            throw new Guardrail("a spawned process may have only its parent's tools, not '" + t + "'");
        });
        child.networkAllow().stream().filter(h -> !HostPolicy.allows(parent.networkAllow(), h.replace("*.", "any."))).findFirst()
                .ifPresent(h -> {
                    throw new Guardrail("a spawned process may reach only its parent's hosts, not '" + h + "'");
                });
        within("max_tool_calls_per_invocation", parent.budget(), child.budget(), b -> toDecimal(b.maxToolCallsPerInvocation()));
        within("max_model_calls_per_invocation", parent.budget(), child.budget(), b -> toDecimal(b.maxModelCallsPerInvocation()));
        within("max_tokens_per_invocation", parent.budget(), child.budget(), b -> toDecimal(b.maxTokensPerInvocation()));
        within("max_daily_cost", parent.budget(), child.budget(), Budget::maxDailyCost);
        within("max_invocations_per_day", parent.budget(), child.budget(), b -> toDecimal(b.maxInvocationsPerDay()));
    }

    private static void within(String limit, Budget parent, Budget child, Function<Budget, BigDecimal> value) {
        BigDecimal most = value.apply(parent);
        if (most == null) {
            return;
        }
        BigDecimal asked = value.apply(child);
        if (asked == null || asked.compareTo(most) > 0) {
            throw new Guardrail("a spawned process needs budget." + limit + " of at most " + most.toPlainString() + " (its parent's)");
        }
    }

    private static BigDecimal toDecimal(Integer value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }
}

package io.castellan.manifest;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/** Reads a manifest's {@code budget} block. */
final class BudgetBlock {

    private static final Set<String> FIELDS = Set.of("max_tool_calls_per_invocation", "max_model_calls_per_invocation",
            "max_tokens_per_invocation", "max_daily_cost", "max_invocations_per_day", "tool_costs", "warning_threshold",
            "on_exceeded", "escalation", "timezone", "reset_at");
    private static final String DOLLARS = "must be an amount of US dollars, 0 or more";

    private BudgetBlock() {
    }

    static Budget read(Fields manifest) {
        Fields budget = manifest.block("budget", FIELDS);
        if (budget == null) {
            return Budget.unlimited();
        }
        Map<String, BigDecimal> toolCosts = budget.amounts("tool_costs", DOLLARS);
        Budget.OnExceeded onExceeded = budget.choice("on_exceeded", Budget.OnExceeded.class, Budget.OnExceeded.PAUSE);
        Budget.Escalation escalation = escalation(budget);
        if (onExceeded == Budget.OnExceeded.ESCALATE && escalation == null && !budget.has("escalation")) {
            budget.error("escalation", "is required when on_exceeded is escalate: {url, secret: ${NAME}}");
        }
        return new Budget(
                budget.optionalInteger("max_tool_calls_per_invocation", 1, 100_000),
                budget.optionalInteger("max_model_calls_per_invocation", 1, 100_000),
                budget.optionalInteger("max_tokens_per_invocation", 1, 1_000_000_000),
                budget.decimal("max_daily_cost", BigDecimal.ZERO, DOLLARS),
                budget.optionalInteger("max_invocations_per_day", 1, 10_000_000),
                Map.copyOf(toolCosts),
                budget.fraction("warning_threshold", 0.8),
                onExceeded,
                escalation,
                timezone(budget),
                resetAt(budget));
    }

    private static Budget.Escalation escalation(Fields budget) {
        Fields escalation = budget.block("escalation", Set.of("url", "secret"));
        if (escalation == null) {
            return null;
        }
        String url = escalation.url("url");
        if (!escalation.has("url")) {
            escalation.error("url", "is required");
        }
        String secret = escalation.environmentReference("secret", "is required and must name an environment variable as ${NAME}, so the key is never stored");
        return url == null || secret == null ? null : new Budget.Escalation(url, secret);
    }

    private static ZoneId timezone(Fields budget) {
        String name = budget.text("timezone", false);
        try {
            return ZoneId.of(name == null ? "UTC" : name);
        } catch (DateTimeException e) {
            budget.error("timezone", "'" + name + "' is not a time zone (use a name such as Europe/Berlin)");
            return ZoneId.of("UTC");
        }
    }

    private static LocalTime resetAt(Fields budget) {
        String text = budget.text("reset_at", false);
        try {
            return text == null ? LocalTime.MIDNIGHT : LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            budget.error("reset_at", "must be a time of day such as 00:00 or 06:30:00");
            return LocalTime.MIDNIGHT;
        }
    }
}

package io.castellan.manifest;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * A process's autonomy budget: limits per invocation, limits per budget day, and what happens when
 * one is reached. A null limit is no limit.
 *
 * @param toolCosts        US dollars added to the day's cost per call of a tool
 * @param warningThreshold share of a daily limit at which a warning is journaled and sent, once a day
 * @param escalation       where notices go; null when none is configured
 * @param timezone         where the budget day is counted
 * @param resetAt          when the budget day starts in that time zone (midnight unless set)
 */
public record Budget(
        Integer maxToolCallsPerInvocation,
        Integer maxModelCallsPerInvocation,
        Integer maxTokensPerInvocation,
        BigDecimal maxDailyCost,
        Integer maxInvocationsPerDay,
        Map<String, BigDecimal> toolCosts,
        double warningThreshold,
        OnExceeded onExceeded,
        Escalation escalation,
        ZoneId timezone,
        LocalTime resetAt) {

    /** What a process does when a daily limit is reached. */
    public enum OnExceeded { PAUSE, STOP, ESCALATE }

    /** A URL that receives signed JSON notices, with the environment variable holding the signing key. */
    public record Escalation(String url, String secretVariable) {
    }

    public static Budget unlimited() {
        return new Budget(null, null, null, null, null, Map.of(), 0.8, OnExceeded.PAUSE, null, ZoneId.of("UTC"), LocalTime.MIDNIGHT);
    }

    public BigDecimal toolCost(String tool) {
        return toolCosts.getOrDefault(tool, BigDecimal.ZERO);
    }

    public boolean hasDailyLimit() {
        return maxDailyCost != null || maxInvocationsPerDay != null;
    }
}

package io.castellan.fleet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One process as the fleet view shows it: its state, its triggers, its last invocation, what it
 * did and spent today (UTC, or its budget's day), against its budget, and its health.
 *
 * @param cost_today_usd model calls and tool costs of the day
 * @param health         disabled, healthy or unhealthy (health paused or stopped it)
 * @param mission        its mission's status, or null without one
 */
public record FleetEntry(String name, String state, String state_reason, int version, String model, List<String> triggers,
                         String active_invocation, LastInvocation last_invocation, long invocations_today,
                         BigDecimal cost_today_usd, BigDecimal daily_cost_limit, Integer daily_invocation_limit,
                         String health, String mission) {

    public record LastInvocation(String id, String status, Instant queued_at, Instant finished_at, Long duration_ms) {
    }
}

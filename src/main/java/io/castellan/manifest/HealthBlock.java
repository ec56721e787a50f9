package io.castellan.manifest;

import java.util.Set;

/** Reads a manifest's {@code health} block; a field left out takes its default. */
final class HealthBlock {

    private static final Set<String> FIELDS = Set.of("stuck_threshold", "loop_detection", "empty_response_threshold",
            "error_rate_window", "error_rate_threshold", "on_unhealthy");

    private HealthBlock() {
    }

    static HealthChecks read(Fields manifest, Budget budget) {
        Fields health = manifest.block("health", FIELDS);
        HealthChecks defaults = HealthChecks.none();
        if (health == null) {
            return defaults;
        }
        HealthChecks.OnUnhealthy onUnhealthy = health.choice("on_unhealthy", HealthChecks.OnUnhealthy.class, defaults.onUnhealthy());
        if (onUnhealthy == HealthChecks.OnUnhealthy.ESCALATE && budget.escalation() == null) {
            health.error("on_unhealthy", "escalate needs budget.escalation: {url, secret: ${NAME}}, where notices go");
        }
        return new HealthChecks(true,
                health.integer("stuck_threshold", defaults.stuckThreshold(), 2, 1000),
                health.bool("loop_detection", defaults.loopDetection()),
                health.integer("empty_response_threshold", defaults.emptyResponseThreshold(), 1, 1000),
                health.integer("error_rate_window", defaults.errorRateWindow(), 2, 1000),
                health.fraction("error_rate_threshold", defaults.errorRateThreshold()),
                onUnhealthy);
    }
}

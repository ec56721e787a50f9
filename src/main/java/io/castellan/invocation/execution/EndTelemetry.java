package io.castellan.invocation.execution;

import io.castellan.invocation.Invocation;
import io.castellan.telemetry.InvocationSpan;
import io.castellan.telemetry.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** An invocation's end as the telemetry sees it: noted on the run's span, and counted once its transaction commits. */
@ApplicationScoped
class EndTelemetry {

    @Inject
    private Metrics metrics;

    /** Called in the transaction that ends it. */
    void ended(Invocation invocation, Endings.Outcome outcome, Instant now) {
        String status = outcome.name().toLowerCase(Locale.ROOT);
        InvocationSpan.ended(status);
        metrics.invocationEnded(invocation.processName(), status,
                invocation.startedAt() == null ? null : Duration.between(invocation.startedAt(), now));
    }
}

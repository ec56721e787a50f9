package io.castellan.invocation.execution;

import io.castellan.telemetry.InvocationSpan;
import io.castellan.telemetry.Metrics;
import io.castellan.telemetry.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** What a run of an invocation tells the telemetry: its start (not a resume's) counted, and its span opened. */
@ApplicationScoped
class RunTelemetry {

    @Inject
    private Tracing tracing;

    @Inject
    private Metrics metrics;

    /** Opens the run's span, current on this thread until it is closed. */
    InvocationSpan begin(RunStart run) {
        if (!run.resumed()) {
            metrics.invocationStarted(run.process(), run.kind().name().toLowerCase(Locale.ROOT), Duration.between(run.queuedAt(), Instant.now()));
        }
        return tracing.invocation(run.process(), run.invocationId(), run.traceParent(), run.resumed());
    }
}

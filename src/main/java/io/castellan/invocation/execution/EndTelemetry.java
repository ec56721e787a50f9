package io.castellan.invocation.execution;

import io.castellan.invocation.Invocation;
import io.castellan.platform.AfterCompletion;
import io.castellan.telemetry.InvocationSpan;
import io.castellan.telemetry.Metrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** An invocation's end as the telemetry sees it: counted once its transaction commits, and noted on the run's span. */
@ApplicationScoped
class EndTelemetry {

    @Inject
    private Metrics metrics;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    /** Called in the transaction that ends it. */
    void ended(Invocation invocation, Endings.Outcome outcome, Instant now) {
        String status = outcome.name().toLowerCase(Locale.ROOT);
        String process = invocation.processName();
        Duration ran = invocation.startedAt() == null ? null : Duration.between(invocation.startedAt(), now);
        InvocationSpan.ended(status);
        AfterCompletion.onCommit(transactions, () -> metrics.invocationEnded(process, status, ran));
    }
}

package io.castellan.invocation.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.TriggerKind;
import io.castellan.platform.ProblemException;
import io.castellan.telemetry.Keys;
import io.castellan.telemetry.TraceParents;
import io.castellan.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;

/**
 * Where every trigger enters: manual invocations, webhooks, cron timers and JMS messages. An
 * accepted trigger has an invocation row and a persistent message; a repeated one (same dedup
 * key) returns the invocation it made the first time.
 */
@ApplicationScoped
public class TriggerIntake {

    /** The invocation a trigger made, and whether this call made it. */
    public record Accepted(Invocation invocation, boolean created) {
    }

    @Inject
    private IntakeTransaction transaction;

    @Inject
    private GroupCommit groupCommit;

    @Inject
    private Tracing tracing;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    /**
     * @param dedupKey unique per process for one real-world trigger, or null
     * @throws ProblemException 404 for an unknown process, 409 when it does not accept triggers
     */
    public Accepted accept(String process, TriggerKind kind, String ref, JsonNode payload, String dedupKey) {
        // the trace's first span: the invocation keeps its traceparent, and every run of it continues the trace
        Span span = tracing.accept(process, kind.name().toLowerCase(java.util.Locale.ROOT));
        // current while it accepts: the wake-up message sent at its commit carries it
        try (Scope ignored = span.makeCurrent()) {
            Accepted accepted = acceptTraced(process, kind, ref, payload, dedupKey, TraceParents.of(span));
            span.setAttribute(Keys.INVOCATION, accepted.invocation().id()).setAttribute(Keys.REPEATED, !accepted.created());
            return accepted;
        } catch (ProblemException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    private Accepted acceptTraced(String process, TriggerKind kind, String ref, JsonNode payload, String dedupKey, String traceParent) {
        try {
            if (transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
                // a caller that only waits for the answer: its trigger commits with others that arrive meanwhile
                return groupCommit.accept(new GroupCommit.Request(process, kind, ref, payload, dedupKey, traceParent));
            }
            // part of the caller's transaction (a cron batch, a message sent by a step): commits with it
            return transaction.accept(process, kind, ref, payload, dedupKey, traceParent);
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            // two concurrent repeats of one trigger: the loser's insert broke the unique key
            Optional<Invocation> winner = transaction.byDedupKey(process, dedupKey);
            if (winner.isPresent()) {
                return new Accepted(winner.get(), false);
            }
            throw e;
        }
    }
}

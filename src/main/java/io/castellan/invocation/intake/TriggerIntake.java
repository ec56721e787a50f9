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
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
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
        Span span = acceptSpan(process, kind);
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

    /** A trigger of a batch: its process, kind, reference, payload and dedup key, as for {@link #accept}. */
    public record Trigger(String process, TriggerKind kind, String ref, JsonNode payload, String dedupKey) {
    }

    /**
     * How a batch treats a trigger that an earlier transaction accepted already (a repeat of the
     * same dedup key; repeats within the batch are always found, as it writes them).
     */
    public enum Repeats {
        /** Read for the whole batch before it writes: a repeat returns its first invocation and the batch goes on. */
        LOOKED_UP,
        /**
         * Not read (a caller whose own writes make a repeat all but impossible, as a cron minute's
         * lanes: each schedule moves on in the transaction that fires it): a repeat breaks the dedup
         * key's unique index and fails the whole batch, for the caller to fire again with {@link #LOOKED_UP}.
         */
        FAIL_BATCH
    }

    /**
     * Accepts many triggers in the caller's transaction, which commits them all at once (a cron
     * minute's batch): their checks are read in a few queries for all, and their invocations start
     * after that commit, through their wake-ups. A trigger whose checks refuse it (no such process,
     * stopped, busy with {@code on_busy: reject}) writes nothing and the others go on; anything else
     * fails the caller's transaction.
     *
     * @param repeats whether a trigger accepted in an earlier transaction is looked for first, or
     *        left to the dedup key's unique index (which fails the whole batch at its flush)
     * @return why each refused trigger was refused (naming its process); empty when all were accepted
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> acceptBatch(List<Trigger> triggers, Repeats repeats) {
        List<Span> spans = new ArrayList<>(triggers.size());
        List<GroupCommit.Request> requests = new ArrayList<>(triggers.size());
        for (Trigger trigger : triggers) {
            Span span = acceptSpan(trigger.process(), trigger.kind());
            spans.add(span);
            requests.add(new GroupCommit.Request(trigger.process(), trigger.kind(), trigger.ref(), trigger.payload(), trigger.dedupKey(),
                    TraceParents.of(span)));
        }
        List<String> refusals = new ArrayList<>();
        try {
            List<GroupCommit.Outcome> outcomes = transaction.acceptBatch(requests, repeats);
            for (int i = 0; i < outcomes.size(); i++) {
                GroupCommit.Outcome outcome = outcomes.get(i);
                if (outcome.refused() != null) {
                    spans.get(i).setStatus(StatusCode.ERROR, outcome.refused().getMessage());
                    refusals.add(outcome.refused().getMessage());
                } else {
                    spans.get(i).setAttribute(Keys.INVOCATION, outcome.accepted().invocation().id())
                            .setAttribute(Keys.REPEATED, !outcome.accepted().created());
                }
            }
        } finally {
            spans.forEach(Span::end);
        }
        return refusals;
    }

    private Span acceptSpan(String process, TriggerKind kind) {
        return tracing.accept(process, kind.name().toLowerCase(java.util.Locale.ROOT));
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

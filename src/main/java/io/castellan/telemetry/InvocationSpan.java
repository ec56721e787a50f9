package io.castellan.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * The {@code invoke_agent} span of one run of an invocation, current on the invocation's thread
 * while it runs: model and tool spans become its children, model calls add their cost to it, and
 * the engine notes how the run ended. A resume is a new run with its own span in the same trace.
 */
public final class InvocationSpan implements AutoCloseable {

    private static final ThreadLocal<InvocationSpan> CURRENT = new ThreadLocal<>();

    private final Span span;
    private final Scope scope;
    private double costUsd;
    private boolean costKnown;

    InvocationSpan(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
        CURRENT.set(this);
    }

    /** A run's span that records nothing (tracing off, or no server around it). */
    public static InvocationSpan unrecorded() {
        return new InvocationSpan(Span.getInvalid());
    }

    /** Adds a model call's cost to the run on this thread, if one runs here. */
    public static void addCost(double usd) {
        InvocationSpan current = CURRENT.get();
        if (current != null) {
            current.costUsd += usd;
            current.costKnown = true;
        }
    }

    /**
     * Notes how the run on this thread ended: completed, failed, cancelled (its invocation's end),
     * or waiting, suspended, taken_over (it goes on later, perhaps elsewhere).
     */
    public static void ended(String status) {
        InvocationSpan current = CURRENT.get();
        if (current != null) {
            current.span.setAttribute(Keys.STATUS, status);
            if ("failed".equals(status)) {
                current.span.setStatus(StatusCode.ERROR);
            }
        }
    }

    /** The run stopped on an unexpected error; it resumes from its journal. */
    public void broke(RuntimeException e) {
        span.setAttribute(Keys.ERROR_TYPE, e.getClass().getSimpleName());
        span.setStatus(StatusCode.ERROR, "stopped on an error; it resumes from its journal");
    }

    /**
     * The run failed inside the transaction that accepted its trigger (a folded start), before
     * that committed: the accept, this invocation and all it did were rolled back, and the trigger
     * is accepted again on its own, as another invocation. Nothing of this one resumes.
     */
    public void rolledBack(RuntimeException e) {
        span.setAttribute(Keys.STATUS, "rolled_back");
        span.setAttribute(Keys.ERROR_TYPE, e.getClass().getSimpleName());
        span.setStatus(StatusCode.ERROR, "rolled back with its accept; the trigger is accepted again on its own");
    }

    @Override
    public void close() {
        if (costKnown) {
            span.setAttribute(Keys.COST_USD, costUsd);
        }
        scope.close();
        span.end();
        CURRENT.remove();
    }
}

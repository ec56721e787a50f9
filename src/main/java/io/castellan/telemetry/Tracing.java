package io.castellan.telemetry;

import io.castellan.cluster.ThisServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The spans of an invocation's trace: the trigger's accept (the root, or a child of the span that
 * sent it, when another agent's tool call did), one {@code invoke_agent} per run, and within a run a
 * {@code chat} span per model call and an {@code execute_tool} span per tool call. With tracing off
 * every span is a no-op.
 */
@ApplicationScoped
public class Tracing {

    @Inject
    private Telemetry telemetry;

    /** True when spans are recorded (an OTLP endpoint is set). */
    public boolean on() {
        return telemetry.tracing();
    }

    /** Set on a thread whose accepts are rehearsals that roll back (the cron warm-up): they record no span. */
    private static final ThreadLocal<Boolean> QUIET = new ThreadLocal<>();

    /** Runs {@code work} with its accepts recording no span: what it accepts is rolled back and never existed. */
    public void quietly(Runnable work) {
        QUIET.set(Boolean.TRUE);
        try {
            work.run();
        } finally {
            QUIET.remove();
        }
    }

    /** The span of accepting a trigger, a child of the current one (an agent's tool call) or a new trace. */
    public Span accept(String process, String kind) {
        if (QUIET.get() != null) {
            return Span.getInvalid();
        }
        return telemetry.tracer().spanBuilder("accept " + process).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(Keys.PROCESS, process).setAttribute(Keys.TRIGGER_KIND, kind).setAttribute(Keys.SERVER, ThisServer.NAME)
                .startSpan();
    }

    /** Opens the span of one run of an invocation, in the trace its accept began; close it when the run ends. */
    public InvocationSpan invocation(String process, String invocationId, String traceParent, boolean resumed) {
        Span span = telemetry.tracer().spanBuilder("invoke_agent " + process).setSpanKind(SpanKind.INTERNAL)
                .setParent(TraceParents.context(traceParent))
                .setAttribute(Keys.OPERATION, "invoke_agent").setAttribute(Keys.AGENT_NAME, process)
                .setAttribute(Keys.PROCESS, process).setAttribute(Keys.INVOCATION, invocationId)
                .setAttribute(Keys.CONVERSATION, process).setAttribute(Keys.RESUMED, resumed).setAttribute(Keys.SERVER, ThisServer.NAME)
                .startSpan();
        return new InvocationSpan(span);
    }

    /** A model call's span, a child of the current run's. */
    public Span chat(String provider, String model, String process, String invocationId, int turn) {
        return telemetry.tracer().spanBuilder("chat " + model).setSpanKind(SpanKind.CLIENT)
                .setAttribute(Keys.OPERATION, "chat").setAttribute(Keys.PROVIDER, provider).setAttribute(Keys.REQUEST_MODEL, model)
                .setAttribute(Keys.PROCESS, process).setAttribute(Keys.INVOCATION, invocationId).setAttribute(Keys.TURN, (long) turn)
                .startSpan();
    }

    /** A tool call's span, a child of the current run's. */
    public Span tool(String tool, String process, String invocationId, int step, boolean retried) {
        return telemetry.tracer().spanBuilder("execute_tool " + tool).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(Keys.OPERATION, "execute_tool").setAttribute(Keys.TOOL_NAME, tool)
                .setAttribute(Keys.PROCESS, process).setAttribute(Keys.INVOCATION, invocationId).setAttribute(Keys.STEP, (long) step)
                .setAttribute(Keys.RETRIED, retried)
                .startSpan();
    }
}

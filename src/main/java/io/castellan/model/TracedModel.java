package io.castellan.model;

import io.castellan.platform.Redactor;
import io.castellan.telemetry.InvocationSpan;
import io.castellan.telemetry.Keys;
import io.castellan.telemetry.Metrics;
import io.castellan.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;

/**
 * A model whose every call is a {@code chat} span (a child of the run's) and counted in the
 * metrics: tokens, cost and duration, by process and model. What was asked and answered is on the
 * span only when the manifest opts in ({@code telemetry: {record_content: true}}), and then as the
 * journal has it: secrets are placeholders there, never values.
 */
final class TracedModel implements Model {

    private final Model model;
    private final String provider;
    private final String name;
    private final Tracing tracing;
    private final Metrics metrics;
    private final Redactor redactor;

    TracedModel(Model model, String provider, String name, Tracing tracing, Metrics metrics, Redactor redactor) {
        this.model = model;
        this.provider = provider;
        this.name = name;
        this.tracing = tracing;
        this.metrics = metrics;
        this.redactor = redactor;
    }

    @Override
    public ModelResponse respond(ModelRequest request) {
        String process = request.manifest().name();
        Span span = tracing.chat(provider, name, process, request.invocationId(), request.turn());
        long started = System.nanoTime();
        try (Scope ignored = span.makeCurrent()) {
            if (request.manifest().telemetry().recordContent() && span.isRecording()) {
                span.setAttribute(Keys.INPUT_MESSAGES, redactor.redact(process, ModelContent.input(request)));
            }
            ModelResponse response = model.respond(request);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            ModelUsage usage = response.usage();
            span.setAttribute(Keys.FINISH_REASONS, List.of(response.isReply() ? "stop" : "tool_calls"));
            if (request.manifest().telemetry().recordContent() && span.isRecording()) {
                span.setAttribute(Keys.OUTPUT_MESSAGES, redactor.redact(process, ModelContent.output(response)));
            }
            if (usage != null) {
                span.setAttribute(Keys.RESPONSE_MODEL, name).setAttribute(Keys.INPUT_TOKENS, usage.inputTokens())
                        .setAttribute(Keys.OUTPUT_TOKENS, usage.outputTokens());
                Double cost = usage.costUsd() == null ? null : usage.costUsd().doubleValue();
                if (cost != null) {
                    span.setAttribute(Keys.COST_USD, cost);
                    InvocationSpan.addCost(cost);
                }
                metrics.modelCall(process, provider, name, usage.inputTokens(), usage.outputTokens(), cost, took, null);
            } else {
                metrics.modelCall(process, provider, name, 0, 0, null, took, null);
            }
            return response;
        } catch (RuntimeException e) {
            String type = e instanceof ModelException ? "model_error" : "unexpected";
            span.setAttribute(Keys.ERROR_TYPE, type).setStatus(StatusCode.ERROR, e instanceof ModelException ? e.getMessage() : null);
            metrics.modelCall(process, provider, name, 0, 0, null, Duration.ofNanos(System.nanoTime() - started), type);
            throw e;
        } finally {
            span.end();
        }
    }
}

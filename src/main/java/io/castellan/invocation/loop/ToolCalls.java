package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.execution.Executions;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.StopSignal;
import io.castellan.invocation.wait.DurableWait;
import io.castellan.invocation.wait.WaitSteps;
import io.castellan.manifest.Manifest;
import io.castellan.model.ToolCall;
import io.castellan.platform.Json;
import io.castellan.secret.Secrets;
import io.castellan.tool.PreparedTool;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import io.castellan.tool.ToolSchemas;
import io.castellan.tool.Toolset;
import io.castellan.telemetry.InvocationSpan;
import io.castellan.telemetry.Keys;
import io.castellan.telemetry.Metrics;
import io.castellan.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One tool call of the loop: checked against the tool's schema, given the secrets it names,
 * recorded as started before it goes outside (with the same idempotency key on a retry), its
 * result or error recorded after; a durable wait suspends the invocation instead.
 */
@ApplicationScoped
class ToolCalls {

    @Inject
    private ToolSteps toolSteps;

    @Inject
    private WaitSteps waitSteps;

    @Inject
    private Secrets secrets;

    @Inject
    private Executions executions;

    @Inject
    private PreparedCalls preparedCalls;

    @Inject
    private ExtensionHooks extensionHooks;

    @Inject
    private Tracing tracing;

    @Inject
    private Metrics metrics;

    /**
     * Runs the call as an {@code execute_tool} span, counted by outcome: ok, error, waiting (a
     * durable wait or an approval), or suspended (cut off by the server stopping: null).
     */
    JsonNode execute(RunStart run, Manifest manifest, Toolset toolset, Replay replay, int turn, int step, ToolCall call,
            LoopTransaction tx) {
        Span span = tracing.tool(call.tool(), run.process(), run.invocationId(), step, replay.started(StepKeys.toolStarted(step)));
        String outcome = "suspended";
        try (Scope ignored = span.makeCurrent()) {
            if (call.id() != null) {
                span.setAttribute(Keys.TOOL_CALL, call.id());
            }
            JsonNode result = dispatch(run, manifest, toolset, replay, turn, step, call, tx);
            if (result != null) {
                outcome = result.has("error") ? "error" : "ok";
                if (result.has("error")) {
                    span.setAttribute(Keys.ERROR_TYPE, "tool_error").setStatus(StatusCode.ERROR, result.path("error").asText());
                }
            }
            return result;
        } catch (StopSignal stop) {
            outcome = stop.stop() == StopSignal.Stop.WAITING ? "waiting" : stop.stop().name().toLowerCase(java.util.Locale.ROOT);
            if (stop.stop() == StopSignal.Stop.WAITING) {
                InvocationSpan.ended("waiting");
            }
            throw stop;
        } catch (RuntimeException e) {
            outcome = "broke";
            throw e;
        } finally {
            span.setAttribute(Keys.STATUS, outcome);
            span.end();
            metrics.toolCall(run.process(), call.tool(), outcome);
        }
    }

    /** Where the call goes: an error, a durable wait, an approval, a prepared effect, or the tool. */
    private JsonNode dispatch(RunStart run, Manifest manifest, Toolset toolset, Replay replay, int turn, int step, ToolCall call,
            LoopTransaction tx) {
        Optional<Tool> tool = toolset.find(call.tool());
        if (tool.isEmpty()) {
            return toolSteps.toolError(run, manifest, turn, step, call, "tool '" + call.tool() + "' is not available to this process", Duration.ZERO);
        }
        Optional<String> invalid = ToolSchemas.violations(tool.get().specification(), call.args());
        if (invalid.isPresent()) {
            return toolSteps.toolError(run, manifest, turn, step, call, invalid.get(), Duration.ZERO);
        }
        ToolContext context = new ToolContext(run.process(), run.invocationId(), step, manifest);
        if (tool.get().suspends()) {
            return waitFor(run, manifest, replay, turn, step, call, tool.get(), context, tx);
        }
        Tool toRun = tool.get();
        if (!toRun.takesSecrets() && !SecretPlaceholders.names(call.args()).isEmpty()) {
            return toolSteps.toolError(run, manifest, turn, step, call,
                    "secrets are given only to tools that call out (http_request, MCP tools), not to " + call.tool(), Duration.ZERO);
        }
        if (toRun instanceof PreparedTool prepared && prepared.approvesAfterPreparing(context)) {
            return preparedCalls.execute(run, manifest, replay, turn, step, call, prepared, context, tx);
        }
        if (manifest.approval().gates(call.tool())) {
            if (!replay.started(StepKeys.approvalRequested(step))) {
                waitSteps.gateClosed(run, manifest, step, call);
                throw new StopSignal(StopSignal.Stop.WAITING);
            }
            // the decision (a retry after a crash finds the same one): approved, or the step's error
            WaitSteps.GateDecision decision = waitSteps.gateDecision(run, manifest, turn, step, call);
            if (decision.error() != null) {
                return decision.error();
            }
            toRun = new ApprovedTool(toRun, decision.approved());
        }
        try {
            toRun = extensionHooks.aroundToolCall(run, manifest, toRun);
        } catch (io.castellan.extension.HookRefusal e) {
            return toolSteps.toolError(run, manifest, turn, step, call, e.getMessage(), Duration.ZERO);
        }
        return run(run, manifest, replay, turn, step, call, toRun, context, tx);
    }

    /** A call that may run: a database-only tool inside the transaction that records it, any other recorded before it goes outside. */
    private JsonNode run(RunStart run, Manifest manifest, Replay replay, int turn, int step, ToolCall call, Tool tool, ToolContext context,
                         LoopTransaction tx) {
        Set<String> secretNames = SecretPlaceholders.names(call.args());
        if (tool.transactional()) {
            // what it needs from outside first (a provider's embeddings) is fetched with nothing held open
            Tool.Fetched fetched = tool.beforeTransaction(context, call.args(), fetch -> {
                tx.commit();
                return executions.outside(run.invocationId(), fetch);
            });
            try (fetched) {
                if (fetched != null) {
                    tx.ensure();
                }
                return toolSteps.runRecorded(run, manifest, turn, step, call, tool, context);
            }
        }
        JsonNode args = call.args();
        if (!secretNames.isEmpty()) {
            try {
                args = SecretPlaceholders.fill(args, secrets.resolve(run.process(), manifest, secretNames));
            } catch (Secrets.Unavailable e) {
                return toolSteps.toolError(run, manifest, turn, step, call, e.getMessage(), Duration.ZERO);
            }
        }
        String startedKey = StepKeys.toolStarted(step);
        if (!replay.started(startedKey)) {
            toolSteps.toolStarted(run, manifest, turn, step, call, secretNames);
        } else {
            toolSteps.stepRetried(run, startedKey, replay.retries(startedKey) + 1,
                    Json.object().put("turn", turn).put("step", step).put("tool", call.tool()).put("idempotency_key", context.idempotencyKey()),
                    secretNames);
        }
        JsonNode filled = args;
        // the call goes outside: its start is recorded before it goes, with the steps before it
        tx.commit();
        Instant started = Instant.now();
        try {
            JsonNode result = executions.outside(run.invocationId(), () -> tool.execute(context, filled));
            tx.ensure();
            return toolSteps.toolResult(run, manifest, turn, step, call, result, Duration.between(started, Instant.now()));
        } catch (ToolException e) {
            if (executions.mustSuspend(run.invocationId())) {
                return null;
            }
            tx.ensure();
            return toolSteps.toolError(run, manifest, turn, step, call, e.getMessage(), Duration.between(started, Instant.now()));
        }
    }

    /**
     * A durable wait: the first time, the invocation is suspended WAITING (a StopSignal ends the
     * loop and frees the thread); once its event has resumed it, the wait's outcome is the step's
     * result. The tool runs with the loop's transaction committed: it may start what it waits for
     * (ask_agent accepts the asked invocation, taking that process's lock, never while holding this one's).
     */
    private JsonNode waitFor(RunStart run, Manifest manifest, Replay replay, int turn, int step, ToolCall call, Tool tool, ToolContext context,
                             LoopTransaction tx) {
        if (replay.started(StepKeys.toolStarted(step))) {
            return waitSteps.ended(run, manifest, turn, step, call);
        }
        tx.commit();
        JsonNode suspension;
        try {
            // not "outside": an interrupt must never reach the database work ask_agent does here
            suspension = tool.execute(context, call.args());
        } catch (ToolException e) {
            tx.ensure();
            return toolSteps.toolError(run, manifest, turn, step, call, e.getMessage(), Duration.ZERO);
        }
        tx.ensure();
        DurableWait.Kind kind = DurableWait.Kind.valueOf(suspension.path("kind").asText("time").toUpperCase(java.util.Locale.ROOT));
        if (kind == DurableWait.Kind.APPROVAL) {
            waitSteps.approvalRequested(run, manifest, turn, step, call, suspension);
            throw new StopSignal(StopSignal.Stop.WAITING);
        }
        waitSteps.began(run, manifest, turn, step, call, kind, Instant.parse(suspension.path("until").asText()),
                suspension.path("event_key").asText(null));
        throw new StopSignal(StopSignal.Stop.WAITING);
    }
}

package io.castellan.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.castellan.platform.AfterCompletion;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Castellan's metrics (docs/observability.md lists them): what the engine counts as it goes, and
 * gauges of the fleet's invocations that {@code InvocationGauges} refreshes from the database. The
 * names follow OpenTelemetry's conventions; Prometheus reads them with {@code _total} and unit
 * suffixes ({@code castellan_invocations_started_total}).
 */
@ApplicationScoped
public class Metrics {

    private static final List<Double> SECONDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0, 3600.0);
    /** As the GenAI conventions advise for gen_ai.client.token.usage. */
    private static final List<Long> TOKENS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L);

    @Inject
    private Telemetry telemetry;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    private LongCounter started;
    private LongCounter ended;
    private DoubleHistogram startDelay;
    private DoubleHistogram runTime;
    private LongHistogram tokenUsage;
    private DoubleHistogram modelDuration;
    private LongCounter tokens;
    private DoubleCounter cost;
    private LongCounter toolCalls;
    private LongCounter budgetRefusals;
    private LongCounter healthAlerts;
    private LongCounter deadLetters;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private volatile List<BudgetUse> budgetUses = List.of();

    /** How much of a daily limit ({@code max_daily_cost}, {@code max_invocations_per_day}) a process has used: 1 is all of it. */
    public record BudgetUse(String process, String limit, double used) {
    }

    @PostConstruct
    void instruments() {
        Meter meter = telemetry.meter();
        started = meter.counterBuilder("castellan.invocations.started").setUnit("{invocation}")
                .setDescription("Invocations that began to run (not resumes), by process and trigger kind").build();
        ended = meter.counterBuilder("castellan.invocations.ended").setUnit("{invocation}")
                .setDescription("Invocations that ended, by process and status").build();
        startDelay = meter.histogramBuilder("castellan.invocation.start.delay").setUnit("s")
                .setDescription("From a trigger's accept to its invocation's start").setExplicitBucketBoundariesAdvice(SECONDS).build();
        runTime = meter.histogramBuilder("castellan.invocation.duration").setUnit("s")
                .setDescription("From an invocation's start to its end, waits included").setExplicitBucketBoundariesAdvice(SECONDS).build();
        tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
                .setDescription("Tokens per model call, by type (input, output)").setExplicitBucketBoundariesAdvice(TOKENS).build();
        modelDuration = meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s")
                .setDescription("How long model calls take").setExplicitBucketBoundariesAdvice(SECONDS).build();
        tokens = meter.counterBuilder("castellan.model.tokens").setUnit("{token}")
                .setDescription("Model tokens, by process, model and type").build();
        cost = meter.counterBuilder("castellan.model.cost").ofDoubles().setUnit("USD")
                .setDescription("What model calls cost, by process and model (models with a known price)").build();
        toolCalls = meter.counterBuilder("castellan.tool.calls").setUnit("{call}")
                .setDescription("Tool calls, by process, tool and outcome (ok, error, waiting)").build();
        budgetRefusals = meter.counterBuilder("castellan.budget.refusals").setUnit("{refusal}")
                .setDescription("Invocations or model calls a budget refused, by process and limit").build();
        healthAlerts = meter.counterBuilder("castellan.health.alerts").setUnit("{alert}")
                .setDescription("Health alerts raised, by process and check").build();
        deadLetters = meter.counterBuilder("castellan.dead_letters").setUnit("{message}")
                .setDescription("Trigger messages moved to the dead-letter queue").build();
        meter.gaugeBuilder("castellan.invocations.in_flight").ofLongs().setUnit("{invocation}")
                .setDescription("Invocations executing on this server").buildWithCallback(m -> m.record(inFlight.get()));
        meter.gaugeBuilder("castellan.invocations.waiting").ofLongs().setUnit("{invocation}")
                .setDescription("Invocations in a durable wait, fleet-wide").buildWithCallback(m -> m.record(waiting.get()));
        meter.gaugeBuilder("castellan.invocations.queued").ofLongs().setUnit("{invocation}")
                .setDescription("Accepted invocations not yet started, fleet-wide").buildWithCallback(m -> m.record(queued.get()));
        meter.gaugeBuilder("castellan.budget.usage").setUnit("1")
                .setDescription("The share of each daily limit used in the budget day so far (1 = the limit), by process and limit")
                .buildWithCallback(m -> budgetUses.forEach(u -> m.record(u.used(), Attributes.of(Keys.PROCESS, u.process(), Keys.CHECK, u.limit()))));
    }

    /**
     * Counted once the caller's transaction commits: a folded start runs in the transaction that
     * accepts its trigger, and one that is rolled back never started (its trigger is accepted again).
     */
    public void invocationStarted(String process, String kind, Duration sinceAccept) {
        committed(() -> {
            started.add(1, Attributes.of(Keys.PROCESS, process, Keys.TRIGGER_KIND, kind));
            startDelay.record(seconds(sinceAccept), Attributes.of(Keys.PROCESS, process));
        });
    }

    /** Counted once the caller's transaction commits. @param ran from its start to its end, or null for one that never started */
    public void invocationEnded(String process, String status, Duration ran) {
        Attributes attributes = Attributes.of(Keys.PROCESS, process, Keys.STATUS, status);
        committed(() -> {
            ended.add(1, attributes);
            if (ran != null) {
                runTime.record(seconds(ran), attributes);
            }
        });
    }

    /** @param costUsd null when the model has no known price; @param error null for a call that answered */
    public void modelCall(String process, String provider, String model, long inputTokens, long outputTokens, Double costUsd,
                          Duration took, String error) {
        Attributes call = error == null
                ? Attributes.of(Keys.OPERATION, "chat", Keys.PROVIDER, provider, Keys.REQUEST_MODEL, model, Keys.PROCESS, process)
                : Attributes.builder().put(Keys.OPERATION, "chat").put(Keys.PROVIDER, provider).put(Keys.REQUEST_MODEL, model)
                        .put(Keys.PROCESS, process).put(Keys.ERROR_TYPE, error).build();
        modelDuration.record(seconds(took), call);
        if (error != null) {
            return;
        }
        tokenUsage.record(inputTokens, call.toBuilder().put(Keys.TOKEN_TYPE, "input").build());
        tokenUsage.record(outputTokens, call.toBuilder().put(Keys.TOKEN_TYPE, "output").build());
        tokens.add(inputTokens, Attributes.of(Keys.PROCESS, process, Keys.REQUEST_MODEL, model, Keys.TOKEN_TYPE, "input"));
        tokens.add(outputTokens, Attributes.of(Keys.PROCESS, process, Keys.REQUEST_MODEL, model, Keys.TOKEN_TYPE, "output"));
        if (costUsd != null) {
            cost.add(costUsd, Attributes.of(Keys.PROCESS, process, Keys.REQUEST_MODEL, model));
        }
    }

    public void toolCall(String process, String tool, String outcome) {
        toolCalls.add(1, Attributes.of(Keys.PROCESS, process, Keys.TOOL_NAME, tool, Keys.STATUS, outcome));
    }

    /** Counted once the caller's transaction commits. */
    public void budgetRefused(String process, String limit) {
        committed(() -> budgetRefusals.add(1, Attributes.of(Keys.PROCESS, process, Keys.CHECK, limit)));
    }

    /** Counted once the caller's transaction commits. */
    public void healthAlert(String process, String check) {
        committed(() -> healthAlerts.add(1, Attributes.of(Keys.PROCESS, process, Keys.CHECK, check)));
    }

    public void deadLettered() {
        deadLetters.add(1);
    }

    /** The gauges, as last read: executing here, and waiting and queued in the whole fleet. */
    public void gauges(long inFlightHere, long waitingInFleet, long queuedInFleet) {
        inFlight.set(inFlightHere);
        waiting.set(waitingInFleet);
        queued.set(queuedInFleet);
    }

    /** The budget gauge, as last read: every process with a daily limit, each of its limits. */
    public void budgetUsage(List<BudgetUse> uses) {
        budgetUses = List.copyOf(uses);
    }

    /** Nothing: calling it makes the container create this bean, and with it the instruments. */
    void touch() {
    }

    /** Runs now outside a transaction, after its commit inside one, never after a rollback. */
    private void committed(Runnable count) {
        if (transactions == null || transactions.getTransactionKey() == null) {
            count.run();
        } else {
            AfterCompletion.onCommit(transactions, count);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}

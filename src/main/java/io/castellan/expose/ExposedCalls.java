package io.castellan.expose;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.Cancellation;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.Invocations;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.invocation.wait.EndWait;
import io.castellan.journal.JournalEntry;
import io.castellan.tool.ToolSchemas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A call from another agent system: its arguments checked against the process's schema, accepted
 * as a trigger like any other (one invocation, journaled, under the process's busy policy and
 * budget), and followed until it ends or the caller's time is up.
 */
@ApplicationScoped
public class ExposedCalls {

    /** How often a follower looks at the invocation. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(500);

    @Inject
    private TriggerIntake intake;

    @Inject
    private Invocations invocations;

    @Inject
    private Cancellation cancellation;

    @Inject
    private EndWait endWait;

    /** Why the arguments do not fit the process's schema, or empty when they do. */
    public Optional<String> mismatch(ExposedProcess process, JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) {
            return Optional.of("arguments must be a JSON object");
        }
        Optional<String> unusable = ToolSchemas.schemaProblem(process.schema());
        if (unusable.isPresent()) {
            return Optional.of("the process's input_schema " + unusable.get());
        }
        return ToolSchemas.mismatch(process.schema(), arguments).map(m -> "arguments do not match the input schema: " + m);
    }

    /**
     * Accepts the call as a trigger.
     *
     * @param dedupKey the same key again finds the invocation it made the first time; null for none
     * @throws io.castellan.platform.ProblemException when the process does not take triggers now
     */
    public TriggerIntake.Accepted start(ExposedProcess process, TriggerKind kind, String ref, JsonNode arguments, String dedupKey) {
        return intake.accept(process.name(), kind, ref, arguments, dedupKey);
    }

    /** The invocation, if it is one of the process's. */
    public Optional<Invocation> find(ExposedProcess process, String id) {
        return id == null ? Optional.empty() : invocations.find(id).filter(i -> i.processName().equals(process.name()));
    }

    /**
     * Cancels it: a waiting one at once, a running one at its next step boundary.
     *
     * @throws io.castellan.platform.ProblemException 409 when it has already ended
     */
    public void cancel(String id, String reason) {
        cancellation.cancel(id, reason);
    }

    /** The invocation once it has ended or {@code wait} has passed (the API's {@code ?wait=} long poll). */
    public Invocation awaitEnd(String id, Duration wait) {
        if (!wait.isZero()) {
            endWait.untilEnded(id, wait);
        }
        return invocations.find(id).orElseThrow();
    }

    /**
     * Waits until the invocation has ended or {@code wait} has passed, telling {@code progress}
     * each newer journal entry as it appears (what a long invocation reports while it runs).
     *
     * @return the invocation as it is at the end of the wait
     */
    public Invocation follow(String id, Duration wait, Consumer<JournalEntry> progress) {
        long deadline = System.nanoTime() + wait.toNanos();
        long seen = 0;
        while (true) {
            InvocationStatus status = invocations.statusOf(id);
            for (JournalEntry entry : invocations.journalOf(id, seen)) {
                progress.accept(entry);
                seen = entry.seq();
            }
            if (status == null || status.isFinal() || System.nanoTime() >= deadline) {
                return invocations.find(id).orElseThrow();
            }
            try {
                Thread.sleep(LOOK_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return invocations.find(id).orElseThrow();
            }
        }
    }
}

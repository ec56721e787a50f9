package io.castellan.invocation.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.TriggerKind;
import io.castellan.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    /**
     * @param dedupKey unique per process for one real-world trigger, or null
     * @throws ProblemException 404 for an unknown process, 409 when it does not accept triggers
     */
    public Accepted accept(String process, TriggerKind kind, String ref, JsonNode payload, String dedupKey) {
        try {
            return transaction.accept(process, kind, ref, payload, dedupKey);
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

package io.castellan.invocation.wait;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.WakeUps;
import io.castellan.platform.Json;
import io.castellan.tool.ToolSchemas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Optional;

/**
 * The answers that end {@code ask_agent}'s waits. An asked invocation (trigger kind {@code ask})
 * carries its asker's invocation and step; when it ends, its reply (checked against the asker's
 * schema) or its failure resolves the asker's wait, which then resumes. Both sides lock the
 * asker's invocation row: the ending of the asked one, and the step that suspends the asker,
 * which then looks whether the answer came first. So exactly one of them resolves the wait.
 */
@ApplicationScoped
public class Answers {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Waits waits;

    @Inject
    private WakeUps wakeUps;

    /** In the transaction that ends any invocation: an asked one answers its asker, if the asker still waits. */
    @Transactional(TxType.MANDATORY)
    public void ended(Invocation asked) {
        if (asked.triggerKind() != TriggerKind.ASK) {
            return;
        }
        JsonNode ask = asked.triggerPayload().path("ask");
        String askerId = ask.path("invocation").asText(null);
        if (askerId == null) {
            // an operator's ask: nobody waits in the engine
            return;
        }
        Invocation asker = em.find(Invocation.class, askerId, LockModeType.PESSIMISTIC_WRITE);
        if (asker == null) {
            return;
        }
        Optional<DurableWait> wait = waits.find(askerId, ask.path("step").asInt(-1));
        if (wait.isPresent() && wait.get().pending()) {
            wait.get().resolve(outcome(asked), Instant.now());
            wakeUps.afterCommit(asker.processName(), askerId);
        }
    }

    /** In the step that suspends the asker, after its wait row is written: an answer that came first resolves it now. */
    @Transactional(TxType.MANDATORY)
    void answeredAlready(RunStart run, int step, String askedId) {
        // the row lock the asked invocation's ending takes too: it waits for this commit and then
        // finds the wait, or this waits for its commit and then finds it ended (a plain read of the
        // asked invocation before both had committed would miss it both ways)
        Invocation asker = em.find(Invocation.class, run.invocationId());
        em.lock(asker, LockModeType.PESSIMISTIC_WRITE);
        Invocation asked = em.find(Invocation.class, askedId);
        if (asked == null) {
            return;
        }
        em.refresh(asked);
        if (!asked.status().isFinal()) {
            return;
        }
        waits.find(run.invocationId(), step).filter(DurableWait::pending).ifPresent(wait -> {
            wait.resolve(outcome(asked), Instant.now());
            wakeUps.afterCommit(run.process(), run.invocationId());
        });
    }

    /** What the asker's step gets: {@code {from, invocation, answer}}, or {@code {error}} for an answer it cannot use. */
    public static JsonNode outcome(Invocation asked) {
        String from = asked.processName();
        if (asked.status() != InvocationStatus.COMPLETED) {
            String why = asked.status() == InvocationStatus.FAILED ? "failed before it answered: " + asked.error()
                    : "was " + asked.status().name().toLowerCase() + " before it answered";
            return Json.object().put("error", "'" + from + "' " + why);
        }
        JsonNode schema = asked.triggerPayload().get("schema");
        ObjectNode outcome = Json.object().put("from", from).put("invocation", asked.id());
        if (schema == null || schema.isNull()) {
            outcome.put("answer", asked.reply());
            return outcome;
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(asked.reply() == null ? "" : asked.reply());
        } catch (JacksonException e) {
            answer = null;
        }
        if (answer == null || answer.isMissingNode()) {
            return Json.object().put("error", "the answer of '" + from + "' is not JSON, so it cannot match the schema: " + asked.reply());
        }
        Optional<String> mismatch = ToolSchemas.mismatch(schema, answer);
        if (mismatch.isPresent()) {
            return Json.object().put("error", "the answer of '" + from + "' does not match the schema: " + mismatch.get());
        }
        outcome.set("answer", answer);
        return outcome;
    }
}

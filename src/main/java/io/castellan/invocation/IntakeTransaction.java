package io.castellan.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The transaction that accepts a trigger: invocation row, journal entry and queued message together. */
@ApplicationScoped
class IntakeTransaction {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Processes processes;

    @Inject
    private Journal journal;

    @Inject
    private TriggerQueue queue;

    @Transactional
    TriggerIntake.Accepted accept(String process, TriggerKind kind, String ref, JsonNode payload, String dedupKey) {
        AgentProcess target = processes.find(process).orElseThrow(() -> ProblemException.notFound("process '" + process + "'"));
        Optional<Invocation> existing = byDedupKey(process, dedupKey);
        if (existing.isPresent()) {
            return new TriggerIntake.Accepted(existing.get(), false);
        }
        if (!target.state().acceptsTriggers()) {
            throw ProblemException.conflict("process '" + process + "' is " + target.state() + "; start it to accept triggers");
        }
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), process, kind, ref, payload, dedupKey, Instant.now());
        em.persist(invocation);
        em.flush();
        ObjectNode data = Json.object().put("kind", kind.name());
        if (ref != null) {
            data.put("ref", ref);
        }
        data.set("payload", payload);
        journal.append(process, JournalType.TRIGGER_RECEIVED, invocation.id(), data);
        queue.send(process, invocation.id());
        return new TriggerIntake.Accepted(invocation, true);
    }

    @Transactional
    Optional<Invocation> byDedupKey(String process, String dedupKey) {
        if (dedupKey == null) {
            return Optional.empty();
        }
        return em.createQuery("select i from Invocation i where i.processName = :p and i.dedupKey = :k", Invocation.class)
                .setParameter("p", process)
                .setParameter("k", dedupKey)
                .getResultStream()
                .findFirst();
    }
}

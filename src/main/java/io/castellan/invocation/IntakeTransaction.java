package io.castellan.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
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

/**
 * The transaction that accepts a trigger: the invocation row and its journal entry; the wake-up
 * message goes once they have committed ({@link WakeUps}).
 */
@ApplicationScoped
class IntakeTransaction {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Processes processes;

    @Inject
    private Journal journal;

    @Inject
    private WakeUps wakeUps;

    @Inject
    private Cancellation cancellation;

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
        Manifest.OnBusy onBusy = processes.manifest(process, target.version()).onBusy();
        if (onBusy == Manifest.OnBusy.REJECT || onBusy == Manifest.OnBusy.INTERRUPT) {
            AgentProcess locked = processes.lock(process);
            if (busy(locked)) {
                if (onBusy == Manifest.OnBusy.REJECT) {
                    throw ProblemException.conflict("process '" + process + "' is busy and refuses triggers while an invocation runs (on_busy: reject)");
                }
                cancellation.supersede(locked, "cancelled: a newer trigger arrived (on_busy: interrupt)");
            }
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
        // the outbox: the wake-up goes once this commit is done, not in a two-phase commit with the broker
        wakeUps.afterCommit(process, invocation.id());
        return new TriggerIntake.Accepted(invocation, true);
    }

    private boolean busy(AgentProcess process) {
        return process.activeInvocation() != null || !em.createQuery("select i.id from Invocation i where i.processName = :p and i.status = :s",
                        String.class)
                .setParameter("p", process.name())
                .setParameter("s", InvocationStatus.QUEUED)
                .setMaxResults(1)
                .getResultList().isEmpty();
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

package io.castellan.invocation;

import io.castellan.invocation.execution.Endings;
import io.castellan.invocation.execution.Executions;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cancels invocations. One that waits (queued, or WAITING in a durable wait) ends {@code CANCELLED} at once; one that runs is flagged,
 * stops at its next step boundary, and has its model or tool call interrupted if it is in one here.
 */
@ApplicationScoped
public class Cancellation {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Journal journal;

    @Inject
    private Endings endings;

    @Inject
    private Event<Executions.CancelRequested> requested;

    /**
     * @throws ProblemException 404 for an unknown invocation, 409 for one that has ended
     */
    @Transactional
    public Invocation cancel(String invocationId, String reason) {
        Invocation found = em.find(Invocation.class, invocationId);
        if (found == null) {
            throw ProblemException.notFound("invocation '" + invocationId + "'");
        }
        AgentProcess process = processLocks.lock(found.processName());
        em.refresh(found);
        if (found.status().isFinal()) {
            throw ProblemException.conflict("invocation '" + invocationId + "' has already ended: " + found.status());
        }
        cancel(process, found, reason);
        return found;
    }

    /** Cancels what runs or waits for the process, so that a newer trigger runs next. */
    @Transactional(TxType.MANDATORY)
    public void supersede(AgentProcess process, String reason) {
        // one query a status: "status in (..)" would read every invocation the process ever had in H2,
        // which uses only the process's name from the queue's index then (see SqlLists)
        List<Invocation> unfinished = new ArrayList<>();
        for (InvocationStatus status : List.of(InvocationStatus.QUEUED, InvocationStatus.RUNNING, InvocationStatus.WAITING)) {
            unfinished.addAll(em.createQuery("select i from Invocation i where i.processName = :p and i.status = :s", Invocation.class)
                    .setParameter("p", process.name())
                    .setParameter("s", status)
                    .getResultList());
        }
        unfinished.sort(Comparator.comparing(Invocation::queuedAt).thenComparing(Invocation::id));
        unfinished.forEach(i -> cancel(process, i, reason));
    }

    private void cancel(AgentProcess process, Invocation invocation, String reason) {
        if (invocation.status() == InvocationStatus.RUNNING) {
            if (!invocation.cancelRequested()) {
                invocation.requestCancel(reason);
                journal.append(process.name(), JournalType.CANCEL_REQUESTED, invocation.id(), Json.object().put("reason", reason));
                requested.fire(new Executions.CancelRequested(invocation.id()));
            }
            return;
        }
        // finish hands the process's turn on, when it was this one's or it was the oldest waiting
        endings.finish(invocation, Endings.Outcome.CANCELLED, reason);
    }
}

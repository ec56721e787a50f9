package io.castellan.invocation.execution;

import io.castellan.cluster.ThisServer;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.telemetry.InvocationSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * What every step checks inside its own transaction, and the one lock order of lifecycle changes:
 * the process row first (which the journal's appends hold too: its sequence is in the row), then
 * the invocation. A step that changes how an invocation stands takes its locks here, so the order
 * cannot be broken by one that forgets it.
 */
@ApplicationScoped
public class RunGuard {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private ProcessLocks processLocks;

    /**
     * A cancel, an end elsewhere or a takeover by another server, found without an extra round trip.
     *
     * @throws StopSignal when the invocation must not go on
     */
    public void goOn(String invocationId) {
        Invocation invocation = em.find(Invocation.class, invocationId);
        if (invocation == null || invocation.status().isFinal()) {
            throw new StopSignal(StopSignal.Stop.ENDED);
        }
        if (invocation.status() == InvocationStatus.RUNNING && !ThisServer.NAME.equals(invocation.runner())) {
            // fenced: another server took the invocation over while this one was cut off (its
            // lease expired); the step's transaction holds the process lock a takeover needs, so
            // nothing this server did after the takeover can commit
            InvocationSpan.ended("taken_over");
            throw new StopSignal(StopSignal.Stop.FENCED);
        }
        if (invocation.cancelRequested()) {
            throw new StopSignal(StopSignal.Stop.CANCEL);
        }
    }

    /** Locks the process before anything else: the lock order of lifecycle changes. */
    public AgentProcess lockProcess(String process) {
        return processLocks.lock(process);
    }

    /** The invocation, once its process is locked, if it is still running (it may have been ended elsewhere). */
    public Invocation lockedRunning(RunStart run) {
        lockProcess(run.process());
        Invocation invocation = em.find(Invocation.class, run.invocationId());
        if (!processLocks.lockedFirst(run.process())) {
            // this transaction may have read it before it took the lock: read again under it
            em.refresh(invocation);
        }
        return invocation.status() == InvocationStatus.RUNNING ? invocation : null;
    }
}

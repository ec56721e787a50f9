package io.castellan.invocation.execution;

import io.castellan.cluster.Leases;
import io.castellan.cluster.ThisServer;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.intake.TriggerQueue;
import io.castellan.invocation.wait.DurableWait;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.process.ProcessLocks;
import io.castellan.process.ProcessState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;

/**
 * Makes sure every unfinished invocation has a wake-up: after a restart, those this server left
 * running (they resume from their journal), and, for this server or a dead one, waits resolved
 * while nobody listened, accepted triggers whose wake-up was never sent, and processes that are
 * free while triggers wait for them. A wake-up that turns out to be a duplicate does nothing.
 */
@ApplicationScoped
public class Recovery {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private TriggerQueue queue;

    @Inject
    private Dispatcher dispatcher;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Journal journal;

    @Inject
    private Leases leases;

    @Inject
    private WakeUps wakeUps;

    /** At start: @return how many invocations were woken */
    @Transactional
    public int recover() {
        // this server's, and those whose wake-up was sent to any server (an unset runner)
        List<Invocation> running = em.createQuery("select i from Invocation i where i.status = " + InvocationStatus.RUNNING.jpql()
                        + " and (i.runner = :r or i.runner is null)", Invocation.class)
                .setParameter("r", ThisServer.NAME)
                .getResultList();
        running.forEach(i -> queue.send(i.processName(), i.id()));
        return running.size() + resend();
    }

    /** What a server that died may have left without a wake-up: @return how many were woken */
    @Transactional
    public int resend() {
        // waits resolved whose wake-up was spent while a server stopped (any server's: a wait is not tied to one)
        List<Invocation> woken = em.createQuery("select i from Invocation i where i.status = " + InvocationStatus.WAITING.jpql() + " and not exists"
                        + " (select w.id from DurableWait w where w.invocationId = i.id and w.pending = true)", Invocation.class)
                .getResultList();
        woken.forEach(i -> queue.send(i.processName(), i.id()));
        // accepted, but their wake-up may not have been sent before a crash (the outbox of intake)
        List<Invocation> unsent = em.createQuery("select i from Invocation i where " + InvocationStatus.IS_QUEUED + " and i.parked = false",
                        Invocation.class)
                .getResultList();
        unsent.forEach(i -> queue.send(i.processName(), i.id()));
        List<String> waiting = em.createQuery("select distinct i.processName from Invocation i where i.parked = true and " + InvocationStatus.IS_QUEUED,
                        String.class)
                .getResultList();
        List<String> free = waiting.isEmpty() ? List.of() : em.createQuery(
                        "select p.name from AgentProcess p where p.name in :names and p.activeInvocation is null and p.state = :running", String.class)
                .setParameter("names", waiting)
                .setParameter("running", ProcessState.RUNNING)
                .getResultList();
        free.forEach(dispatcher::dispatchNext);
        return woken.size() + unsent.size() + free.size();
    }

    /** Running invocations of other servers whose lease is not among {@code alive}. */
    @Transactional
    public List<String> orphans(List<String> alive) {
        return em.createQuery("select i.id from Invocation i where i.status = " + InvocationStatus.RUNNING.jpql()
                        + " and i.runner <> :me and i.runner not in :alive", String.class)
                .setParameter("me", ThisServer.NAME)
                .setParameter("alive", alive.isEmpty() ? List.of(ThisServer.NAME) : alive)
                .getResultList();
    }

    /**
     * Takes over a running invocation whose server's lease has expired: journaled, its runner unset
     * and a wake-up sent, so it resumes from its journal on whichever server receives it. Under its
     * process's lock, which a step of the dead server also holds while it commits: what that server
     * does after this is fenced off (see {@link RunGuard#goOn}).
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean takeOver(String invocationId) {
        Invocation invocation = em.find(Invocation.class, invocationId);
        if (invocation == null) {
            return false;
        }
        processLocks.lock(invocation.processName());
        em.refresh(invocation);
        String dead = invocation.runner();
        if (invocation.status() != InvocationStatus.RUNNING || dead == null || dead.equals(ThisServer.NAME) || leases.alive(dead)) {
            return false;
        }
        invocation.orphan();
        journal.append(invocation.processName(), JournalType.INVOCATION_TAKEN_OVER, invocationId,
                Json.object().put("from", dead).put("by", ThisServer.NAME));
        wakeUps.afterCommit(invocation.processName(), invocationId);
        return true;
    }
}

package io.castellan.invocation.execution;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.intake.TriggerQueue;
import io.castellan.invocation.wait.DurableWait;
import io.castellan.process.ProcessState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * After a restart, makes sure every unfinished invocation of this server has a wake-up: those it
 * left running are queued again (they resume from their journal), and processes that are free
 * dispatch what waits for them. A wake-up that turns out to be a duplicate does nothing.
 */
@ApplicationScoped
public class Recovery {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private TriggerQueue queue;

    @Inject
    private Dispatcher dispatcher;

    /** @return how many invocations were woken */
    @Transactional
    public int recover() {
        List<Invocation> running = em.createQuery("select i from Invocation i where i.status = :s and i.runner = :r", Invocation.class)
                .setParameter("s", InvocationStatus.RUNNING)
                .setParameter("r", RunnerName.VALUE)
                .getResultList();
        running.forEach(i -> queue.send(i.processName(), i.id()));
        // waits resolved whose wake-up was spent while a server stopped (any server's: a wait is not tied to one)
        List<Invocation> woken = em.createQuery("select i from Invocation i where i.status = :s and not exists"
                        + " (select w.id from DurableWait w where w.invocationId = i.id and w.pending = true)", Invocation.class)
                .setParameter("s", InvocationStatus.WAITING)
                .getResultList();
        woken.forEach(i -> queue.send(i.processName(), i.id()));
        // accepted, but their wake-up may not have been sent before a crash (the outbox of intake)
        List<Invocation> unsent = em.createQuery("select i from Invocation i where i.status = :s and i.parked = false", Invocation.class)
                .setParameter("s", InvocationStatus.QUEUED)
                .getResultList();
        unsent.forEach(i -> queue.send(i.processName(), i.id()));
        List<String> waiting = em.createQuery("select distinct i.processName from Invocation i where i.parked = true and i.status = :s", String.class)
                .setParameter("s", InvocationStatus.QUEUED)
                .getResultList();
        List<String> free = waiting.isEmpty() ? List.of() : em.createQuery(
                        "select p.name from AgentProcess p where p.name in :names and p.activeInvocation is null and p.state = :running", String.class)
                .setParameter("names", waiting)
                .setParameter("running", ProcessState.RUNNING)
                .getResultList();
        free.forEach(dispatcher::dispatchNext);
        return running.size() + woken.size() + unsent.size() + free.size();
    }
}

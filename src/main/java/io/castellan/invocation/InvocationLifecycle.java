package io.castellan.invocation;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * Keeps invocations in step with their process: triggers that waited while it was paused are
 * queued again in arrival order when it resumes, and failed when it stops; a deleted process
 * takes its invocations with it.
 */
@ApplicationScoped
public class InvocationLifecycle {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private TriggerQueue queue;

    @Inject
    private Journal journal;

    void follow(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            em.createQuery("delete from Invocation i where i.processName = :p").setParameter("p", event.process()).executeUpdate();
            return;
        }
        if (event.kind() != ProcessEvent.Kind.STATE_CHANGED) {
            return;
        }
        if (event.to() == ProcessState.RUNNING) {
            parked(event.process()).forEach(i -> {
                i.unpark();
                queue.send(event.process(), i.id());
            });
        } else if (!event.to().acceptsTriggers()) {
            parked(event.process()).forEach(i -> {
                i.fail("process was " + event.to() + " before the invocation ran", Instant.now());
                journal.append(event.process(), JournalType.INVOCATION_FAILED, i.id(), Json.object().put("reason", i.error()));
            });
        }
    }

    private List<Invocation> parked(String process) {
        return em.createQuery("select i from Invocation i where i.processName = :p and i.parked = true and i.status = :s order by i.queuedAt", Invocation.class)
                .setParameter("p", process)
                .setParameter("s", InvocationStatus.QUEUED)
                .getResultList();
    }
}

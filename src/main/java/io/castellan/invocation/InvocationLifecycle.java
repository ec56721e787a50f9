package io.castellan.invocation;

import io.castellan.invocation.execution.Dispatcher;
import io.castellan.invocation.wait.Approvals;
import io.castellan.invocation.wait.Waits;
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

/**
 * Keeps invocations in step with their process: triggers that waited while it was paused are
 * dispatched again, oldest first, when it resumes, and failed when it stops; a deleted process
 * takes its invocations with it.
 */
@ApplicationScoped
public class InvocationLifecycle {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Dispatcher dispatcher;

    @Inject
    private Journal journal;

    @Inject
    private Waits waits;

    @Inject
    private TriggerReceipts receipts;

    @Inject
    private Approvals approvals;

    void follow(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            em.createQuery("delete from Invocation i where i.processName = :p").setParameter("p", event.process()).executeUpdate();
            waits.deleteOf(event.process());
            approvals.deleteOf(event.process());
            return;
        }
        if (event.kind() != ProcessEvent.Kind.STATE_CHANGED) {
            return;
        }
        if (event.to() == ProcessState.RUNNING) {
            dispatcher.dispatchNext(event.process());
        } else if (!event.to().acceptsTriggers()) {
            dispatcher.parked(event.process()).forEach(i -> {
                receipts.journalIfPending(i);
                i.fail("process was " + event.to() + " before the invocation ran", Instant.now());
                journal.append(event.process(), JournalType.INVOCATION_FAILED, i.id(), Json.object().put("reason", i.error()));
            });
        }
    }

}

package io.castellan.trigger;

import io.castellan.manifest.CronSchedule;
import io.castellan.manifest.Manifest;
import io.castellan.process.ProcessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Cron triggers follow the process: their rows are written while it accepts triggers and removed
 * when it is stopped, updated or deleted, in the transaction that changed it. Touching one process's
 * schedules is an indexed delete and insert, whatever the size of the fleet; {@link CronTick} fires them.
 */
@ApplicationScoped
public class CronTimers {

    @PersistenceContext
    private EntityManager em;

    /** Runs in the transaction that changed the process, so its schedules change with it. */
    public void follow(@Observes ProcessEvent event) {
        boolean changesTimers = switch (event.kind()) {
            case DEPLOYED, UPDATED, DELETED -> true;
            case STATE_CHANGED -> event.from().acceptsTriggers() != event.to().acceptsTriggers();
        };
        if (!changesTimers) {
            return;
        }
        em.createQuery("delete from CronEntry c where c.processName = :p").setParameter("p", event.process()).executeUpdate();
        if (event.kind() != ProcessEvent.Kind.DELETED && event.to().acceptsTriggers()) {
            schedule(event.process(), event.version(), event.manifest(), Instant.now());
        }
    }

    /** The process's schedules, as {@code process|version|index|expression}. */
    @Transactional
    public List<String> schedulesOf(String process) {
        return em.createQuery("select c from CronEntry c where c.processName = :p order by c.idx", CronEntry.class)
                .setParameter("p", process).getResultList().stream().map(CronEntry::describe).toList();
    }

    /** Writes the schedules of the process's cron triggers, each due at its next tick after now. */
    void schedule(String process, int version, Manifest manifest, Instant now) {
        for (int i = 0; i < manifest.cronTriggers().size(); i++) {
            CronSchedule cron = manifest.cronTriggers().get(i).schedule();
            int index = i;
            cron.next(now).ifPresent(next -> em.persist(new CronEntry(process, index, version, cron, next)));
        }
    }
}

package io.castellan.event;

import io.castellan.manifest.Manifest;
import io.castellan.process.ProcessEvent;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * A counter of changes to the fleet's event subscriptions, one row in the database: moved in the
 * transaction of every deploy, update or delete that adds or removes an event trigger, on whichever
 * server it is made. {@link SubscriberDirectory} compares it before each event it routes, so a
 * subscription counts from the commit that made it, on every server (no polling interval).
 */
@ApplicationScoped
class SubscriptionEpoch {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Processes processes;

    /** The epoch now (a primary-key read of a committed row). */
    @Transactional
    long current() {
        return ((Number) em.createNativeQuery("select epoch from subscription_epoch where id = 1").getSingleResult()).longValue();
    }

    /** Inside the transaction that changes the process: the epoch moves with it, or not at all. */
    void follow(@Observes ProcessEvent event) {
        boolean changes = switch (event.kind()) {
            case DEPLOYED -> subscribes(event.manifest());
            case UPDATED -> subscribes(event.manifest()) || subscribedBefore(event.process(), event.version() - 1);
            case DELETED -> subscribedBefore(event.process(), event.version());
            case STATE_CHANGED -> false;
        };
        if (changes) {
            em.createNativeQuery("update subscription_epoch set epoch = epoch + 1 where id = 1").executeUpdate();
        }
    }

    private static boolean subscribes(Manifest manifest) {
        return manifest != null && !manifest.eventTriggers().isEmpty();
    }

    private boolean subscribedBefore(String process, int version) {
        try {
            return subscribes(processes.manifest(process, version));
        } catch (RuntimeException unreadable) {
            // a version that cannot be read any more: count it as a change rather than miss one
            return true;
        }
    }
}

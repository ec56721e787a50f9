package io.castellan.event;

import io.castellan.broker.EmbeddedBroker;
import io.castellan.platform.AfterCompletion;
import io.castellan.platform.TimerSeconds;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The event bus's outbox: an event's row commits alone, and the event goes to the broker's address
 * for its topic ({@code castellan.events.<topic>}, multicast) once that commit is done. An event a
 * crash or a broker hiccup kept back is sent by the sweep, every few seconds and after a start. A
 * second send of one event is dropped by the topic's address while it remembers the event id (its
 * duplicate id); after that, each copy reaches the subscriber's intake again, which finds the
 * invocation the first one made (the event id is the dedup key). With an external broker, where
 * Castellan makes no diverts, the relay sends each subscriber's delivery itself.
 */
@Singleton
@Startup
@DependsOn("Subscriptions")
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class.getName());
    private static final int SWEEP_BATCH = 500;

    @Resource(lookup = "jms/castellan/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    @Resource(lookup = "java:comp/DefaultContextService")
    private ContextService contexts;

    @Inject
    private Events events;

    @Inject
    private EmbeddedBroker broker;

    @Inject
    private SubscriberDirectory subscribers;

    /** Routes the event once the caller's transaction has committed, on a thread of its own. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS) // in the caller's transaction, to see its commit
    public void afterCommit(String eventId) {
        Runnable route = contexts.contextualRunnable(() -> routeQuietly(eventId));
        AfterCompletion.onCommit(transactions, () -> Thread.ofVirtual().name("castellan-event-" + eventId).start(route));
    }

    @Schedule(second = TimerSeconds.EVERY_5, minute = "*", hour = "*", persistent = false)
    void sweep() {
        List<BusEvent> unrouted;
        try {
            // younger events are still on their way from their own commit: sending them too would only be a duplicate
            unrouted = events.unrouted(Instant.now().minusSeconds(5), SWEEP_BATCH);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the events not yet routed; trying again in 5 s: {0}", e.getMessage());
            return;
        }
        for (BusEvent event : unrouted) {
            // each on its own: one the broker refuses must not hold back the others
            try {
                route(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot route event {0} yet; trying again in 5 s: {1}", new Object[]{event.id(), e.getMessage()});
            }
        }
    }

    private void routeQuietly(String eventId) {
        try {
            events.find(eventId).ifPresent(this::route);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot route event {0} yet; the sweep sends it: {1}", new Object[]{eventId, e.getMessage()});
        }
    }

    private void route(BusEvent event) {
        if (broker.server().isEmpty()) {
            fanOut(event);
            return;
        }
        try (JMSContext context = connectionFactory.createContext()) {
            TextMessage message = context.createTextMessage(event.id());
            message.setStringProperty(EventAddresses.EVENT_PROPERTY, event.id());
            message.setStringProperty(EventAddresses.PUBLISHER_PROPERTY, event.publisher());
            message.setStringProperty(EventAddresses.DUPLICATE_ID_PROPERTY, event.id());
            context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                    .send(context.createTopic(EventAddresses.topicAddress(event.topic())), message);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot send event " + event.id() + " to the broker: " + e.getMessage(), e);
        }
        events.routed(event.id());
    }

    /**
     * An external broker: one delivery per subscriber, sent here instead of by the broker's diverts.
     * A crash half way sends them all again, and each subscriber's intake finds the invocation the
     * first delivery made (the event id is its dedup key).
     */
    private void fanOut(BusEvent event) {
        try (JMSContext context = connectionFactory.createContext()) {
            var producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            var deliveries = context.createQueue(EventAddresses.DELIVERIES);
            for (String subscriber : subscribers.subscribers(event.topic(), event.publisher())) {
                TextMessage message = context.createTextMessage(event.id());
                message.setStringProperty(EventAddresses.EVENT_PROPERTY, event.id());
                message.setStringProperty(EventAddresses.PUBLISHER_PROPERTY, event.publisher());
                message.setStringProperty(EventAddresses.SUBSCRIBER_PROPERTY, subscriber);
                producer.send(deliveries, message);
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot send event " + event.id() + " to the broker: " + e.getMessage(), e);
        }
        events.routed(event.id());
    }
}

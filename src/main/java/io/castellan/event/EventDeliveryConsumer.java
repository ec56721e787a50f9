package io.castellan.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Consumes {@code castellan.deliveries}: each message is one event for one subscribed process (the
 * broker's copy, stamped by its subscription). It becomes that process's invocation of kind
 * {@code event}; the event id is its dedup key, so a delivery repeated after a crash, or a second
 * matching trigger of the same process, finds the invocation the first one made.
 *
 * <p>Bean-managed: the intake commits on its own and the message is acknowledged after it. A
 * process that no longer exists or does not take triggers (stopped) misses the event, as a
 * process that was not subscribed at the time would.
 */
@MessageDriven(name = "EventDeliveryConsumer")
@TransactionManagement(TransactionManagementType.BEAN)
public class EventDeliveryConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(EventDeliveryConsumer.class.getName());

    @Inject
    private Events events;

    @Inject
    private TriggerIntake intake;

    @Override
    public void onMessage(Message message) {
        String eventId;
        String subscriber;
        try {
            eventId = message.getStringProperty(EventAddresses.EVENT_PROPERTY);
            subscriber = message.getStringProperty(EventAddresses.SUBSCRIBER_PROPERTY);
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot read an event delivery: " + e.getMessage(), e);
        }
        Optional<BusEvent> event = eventId == null ? Optional.empty() : events.find(eventId);
        if (event.isEmpty() || subscriber == null) {
            // only Castellan publishes on the bus: a message without a stored event is no event
            LOG.warning(() -> "Dropped a delivery on castellan.deliveries that names no stored event (event " + eventId
                    + ", subscriber " + subscriber + ")");
            return;
        }
        BusEvent published = event.get();
        ObjectNode payload = Json.object().put("event_id", published.id()).put("topic", published.topic()).put("publisher", published.publisher());
        payload.set("payload", published.payload());
        try {
            intake.accept(subscriber, TriggerKind.EVENT, published.id(), payload, "event:" + published.id());
        } catch (ProblemException e) {
            // fine, not info: a stopped subscriber of a busy topic would fill the log; GET /events/{id} shows who took it
            LOG.fine(() -> "Event " + published.id() + " on " + published.topic() + " not delivered to " + subscriber + ": " + e.getMessage());
        }
    }
}

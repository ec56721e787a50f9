package io.castellan.invocation.deadletter;

import io.castellan.telemetry.Metrics;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.Collections;
import java.util.logging.Logger;

/** Moves a message Castellan cannot act on to {@code castellan.triggers.dlq}, with the reason. */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON_PROPERTY = "reason";
    /** As {@code max-delivery-attempts} for castellan.triggers in liberty/broker.xml. */
    public static final int MAX_DELIVERY_ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());

    @Inject
    private Metrics metrics;

    @Resource(lookup = "jms/castellan/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/castellan/TriggersDLQ")
    private Queue deadLetterQueue;

    @Resource(lookup = "jms/castellan/Triggers")
    private Queue triggerQueue;

    /** Sends a refused client message back to castellan.triggers, as it first came. */
    void requeue(Message original) {
        copy(original, null, triggerQueue);
    }

    public void send(Message original, String reason) {
        copy(original, reason, deadLetterQueue);
        metrics.deadLettered();
        LOG.warning(() -> "Trigger message moved to castellan.triggers.dlq: " + reason);
    }

    private void copy(Message original, String reason, Queue to) {
        try (JMSContext context = connectionFactory.createContext()) {
            String body = original instanceof TextMessage text ? text.getText() : null;
            TextMessage copy = context.createTextMessage(body);
            for (Object name : Collections.list(original.getPropertyNames())) {
                String property = (String) name;
                if (!property.startsWith("JMS") && !property.equals(REASON_PROPERTY) && !property.startsWith("_AMQ")) {
                    copy.setObjectProperty(property, original.getObjectProperty(property));
                }
            }
            if (reason != null) {
                copy.setStringProperty(REASON_PROPERTY, reason);
            }
            context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(to, copy);
        } catch (JMSException e) {
            throw new JMSRuntimeException("Cannot dead-letter a trigger message: " + e.getMessage(), e.getErrorCode(), e);
        }
    }
}

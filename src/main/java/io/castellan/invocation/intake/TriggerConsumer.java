package io.castellan.invocation.intake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.deadletter.DeadLetters;
import io.castellan.invocation.execution.InvocationRunner;
import io.castellan.platform.BodyLimit;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * Consumes {@code castellan.triggers}. A message Castellan queued runs its invocation; a message
 * from any other JMS client (string property {@code process}, JSON body) is accepted as a trigger.
 *
 * <p>Bean-managed transactions: the message stays unacknowledged until the invocation has ended,
 * while each step commits on its own. A crash therefore redelivers the trigger and the invocation
 * resumes from its journal; an exception sends it back to the broker's redelivery and dead-letter
 * rules.
 */
@MessageDriven(name = "TriggerConsumer")
@TransactionManagement(TransactionManagementType.BEAN)
public class TriggerConsumer implements MessageListener {

    @Inject
    private InvocationRunner runner;

    @Inject
    private TriggerIntake intake;

    @Inject
    private DeadLetters deadLetters;

    @Override
    public void onMessage(Message message) {
        try {
            String invocation = message.getStringProperty(TriggerMessage.INVOCATION_PROPERTY);
            if (invocation != null) {
                String poison = runner.run(invocation, message.getStringProperty(TriggerMessage.PROCESS_PROPERTY));
                if (poison != null) {
                    deadLetters.send(message, poison);
                }
            } else {
                acceptFromClient(message);
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot read a trigger message: " + e.getMessage(), e);
        }
    }

    private void acceptFromClient(Message message) throws JMSException {
        String process = message.getStringProperty(TriggerMessage.PROCESS_PROPERTY);
        if (process == null || process.isBlank()) {
            deadLetters.send(message, "no string property 'process' naming the process to wake");
            return;
        }
        if (!(message instanceof TextMessage text) || text.getText() == null) {
            deadLetters.send(message, "the body must be a JSON object in a TextMessage");
            return;
        }
        if (text.getText().length() > BodyLimit.MAX_BYTES) {
            // the bound of every trigger's payload, as for a body sent over HTTP: nothing larger is stored
            deadLetters.send(message, "the body has " + text.getText().length() + " characters; a trigger's payload is at most "
                    + BodyLimit.MAX_BYTES + " bytes");
            return;
        }
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(text.getText());
        } catch (JacksonException e) {
            deadLetters.send(message, "the body is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (payload == null || !payload.isObject()) {
            deadLetters.send(message, "the body must be a JSON object");
            return;
        }
        String messageId = message.getJMSMessageID();
        try {
            intake.accept(process, TriggerKind.JMS, messageId, payload, "jms:" + messageId);
        } catch (ProblemException e) {
            deadLetters.send(message, e.getMessage());
        }
    }
}

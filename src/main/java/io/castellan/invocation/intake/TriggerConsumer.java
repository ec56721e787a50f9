package io.castellan.invocation.intake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.audit.AuditLog;
import io.castellan.audit.AuditRecord;
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
import java.time.Instant;

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

    @Inject
    private AuditLog audit;

    /** Set by the broker on every message: the name of the token the sender signed in with. */
    private static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";

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
        Checked checked = check(message, process);
        if (checked.refusal() != null) {
            deadLetters.send(message, checked.refusal());
            audit(message, process, 400, checked.refusal());
            return;
        }
        String messageId = message.getJMSMessageID();
        try {
            intake.accept(process, TriggerKind.JMS, messageId, checked.payload(), "jms:" + messageId);
            audit(message, process, 202, null);
        } catch (ProblemException e) {
            deadLetters.send(message, e.getMessage());
            audit(message, process, e.status(), e.getMessage());
        }
    }

    /** A client's message read as a trigger: its payload, or why it cannot be one. */
    private record Checked(JsonNode payload, String refusal) {
        static Checked refused(String why) {
            return new Checked(null, why);
        }
    }

    private static Checked check(Message message, String process) throws JMSException {
        if (process == null || process.isBlank()) {
            return Checked.refused("no string property 'process' naming the process to wake");
        }
        if (!(message instanceof TextMessage text) || text.getText() == null) {
            return Checked.refused("the body must be a JSON object in a TextMessage");
        }
        if (text.getText().length() > BodyLimit.MAX_BYTES) {
            // the bound of every trigger's payload, as for a body sent over HTTP: nothing larger is stored
            return Checked.refused("the body has " + text.getText().length() + " characters; a trigger's payload is at most "
                    + BodyLimit.MAX_BYTES + " bytes");
        }
        try {
            JsonNode payload = Json.MAPPER.readTree(text.getText());
            return payload != null && payload.isObject() ? new Checked(payload, null) : Checked.refused("the body must be a JSON object");
        } catch (JacksonException e) {
            return Checked.refused("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** A trigger sent by a broker client is a management action: audited with the token the client signed in with. */
    private void audit(Message message, String process, int status, String detail) throws JMSException {
        audit.record(new AuditRecord(Instant.now(), message.getStringProperty(VALIDATED_USER), null, "jms", "SEND",
                "castellan.triggers", process, status, detail));
    }
}

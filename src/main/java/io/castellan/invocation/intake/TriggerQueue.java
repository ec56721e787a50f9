package io.castellan.invocation.intake;

import io.castellan.invocation.execution.WakeUps;
import io.castellan.telemetry.TraceParents;
import io.opentelemetry.api.trace.Span;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.time.Duration;

/**
 * Puts accepted triggers on {@code castellan.triggers}: persistent, grouped by process so one
 * consumer claims a process's invocations in order. Joins the caller's JTA transaction when there
 * is one (recovery, delayed wake-ups); new triggers and dispatches go through {@link WakeUps}.
 */
@ApplicationScoped
public class TriggerQueue {

    @Resource(lookup = "jms/castellan/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/castellan/Triggers")
    private Queue queue;

    public void send(String process, String invocationId) {
        send(process, invocationId, Duration.ZERO);
    }

    /** A wake-up the broker delivers only after the delay. */
    public void send(String process, String invocationId, Duration after) {
        try (JMSContext context = connectionFactory.createContext()) {
            TextMessage message = context.createTextMessage(TriggerMessage.of(invocationId).toJson());
            message.setStringProperty(TriggerMessage.PROCESS_PROPERTY, process);
            message.setStringProperty(TriggerMessage.INVOCATION_PROPERTY, invocationId);
            message.setStringProperty("JMSXGroupID", process);
            // the accept's trace context, for whatever reads the broker; the run itself continues
            // the trace its invocation's row names, which a wake-up re-sent after a crash does too
            String traceParent = TraceParents.of(Span.current());
            if (traceParent != null) {
                message.setStringProperty(TriggerMessage.TRACE_PARENT_PROPERTY, traceParent);
            }
            context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).setDeliveryDelay(after.toMillis()).send(queue, message);
        } catch (JMSException e) {
            throw new JMSRuntimeException("Cannot queue invocation " + invocationId + ": " + e.getMessage(), e.getErrorCode(), e);
        }
    }
}

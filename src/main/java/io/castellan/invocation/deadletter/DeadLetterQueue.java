package io.castellan.invocation.deadletter;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads {@code castellan.triggers.dlq} without consuming it, and takes single messages out of it. */
@ApplicationScoped
public class DeadLetterQueue {

    private static final long TAKE_TIMEOUT_MS = 2000;

    @Resource(lookup = "jms/castellan/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/castellan/TriggersDLQ")
    private Queue deadLetterQueue;

    /** The messages in arrival order, up to {@code limit}, each read by {@code view}. */
    public <T> List<T> browse(int limit, Function<Message, T> view) {
        try (JMSContext context = connectionFactory.createContext(); QueueBrowser browser = context.createBrowser(deadLetterQueue)) {
            List<T> found = new ArrayList<>();
            for (Object message : Collections.list(browser.getEnumeration())) {
                if (found.size() == limit) {
                    break;
                }
                found.add(view.apply((Message) message));
            }
            return found;
        } catch (JMSException e) {
            throw new JMSRuntimeException("Cannot browse the dead-letter queue: " + e.getMessage(), e.getErrorCode(), e);
        }
    }

    public <T> Optional<T> find(String messageId, Function<Message, T> view) {
        try (JMSContext context = connectionFactory.createContext();
             QueueBrowser browser = context.createBrowser(deadLetterQueue, selector(messageId))) {
            return Collections.list(browser.getEnumeration()).stream().findFirst().map(m -> view.apply((Message) m));
        } catch (JMSException e) {
            throw new JMSRuntimeException("Cannot browse the dead-letter queue: " + e.getMessage(), e.getErrorCode(), e);
        }
    }

    /**
     * Consumes the message inside the caller's JTA transaction, so that what is done with it
     * (replayed, or dropped) and its removal commit together.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Message> take(String messageId) {
        JMSContext context = connectionFactory.createContext();
        try (JMSConsumer consumer = context.createConsumer(deadLetterQueue, selector(messageId))) {
            return Optional.ofNullable(consumer.receive(TAKE_TIMEOUT_MS));
        } finally {
            context.close();
        }
    }

    private static String selector(String messageId) {
        return "JMSMessageID = '" + messageId.replace("'", "''") + "'";
    }
}

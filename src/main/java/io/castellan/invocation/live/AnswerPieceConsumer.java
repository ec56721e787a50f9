package io.castellan.invocation.live;

import com.fasterxml.jackson.core.JacksonException;
import io.castellan.cluster.ThisServer;
import io.castellan.model.AnswerStreams;
import io.castellan.platform.Json;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;

/**
 * The pieces of answers written on the other servers of a fleet ({@link AnswerRelay}), kept here
 * for this server's followers of those invocations' live streams. One session (a non-durable
 * subscription each: more would each get every message), no transaction: nothing is stored.
 */
@MessageDriven(name = "AnswerPieceConsumer")
@TransactionManagement(TransactionManagementType.BEAN)
public class AnswerPieceConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(AnswerPieceConsumer.class.getName());

    @Inject
    private AnswerStreams answers;

    @Override
    public void onMessage(Message message) {
        try {
            if (ThisServer.NAME.equals(message.getStringProperty(AnswerRelay.SERVER_PROPERTY)) || !(message instanceof TextMessage text)) {
                return;
            }
            AnswerMessage written = Json.MAPPER.readValue(text.getText(), AnswerMessage.class);
            if (written.invocation() != null && written.pieces() != null) {
                answers.remote(written.invocation(), written.turn(), written.attempt(), written.from(), written.pieces());
            }
        } catch (JMSException | JacksonException e) {
            LOG.fine(() -> "Dropped an unreadable message on castellan.answers: " + e.getMessage());
        }
    }
}

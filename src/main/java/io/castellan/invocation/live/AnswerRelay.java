package io.castellan.invocation.live;

import io.castellan.cluster.ThisServer;
import io.castellan.model.AnswerStreams;
import io.castellan.platform.Json;
import io.castellan.platform.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * On a fleet (an external broker), tells the other servers what the answers being written here
 * say, so that an invocation's live stream read through any server shows its tokens: every tenth
 * of a second, one message per answer that grew, on the multicast address {@code castellan.answers}
 * (not persistent: a lost one only costs a follower elsewhere some pieces; the whole answer comes
 * from the journal all the same). With the embedded broker there is one server, and nothing to send.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AnswerRelay implements AnswerStreams.Relay {

    static final String SERVER_PROPERTY = "castellan_server";
    private static final Logger LOG = Logger.getLogger(AnswerRelay.class.getName());
    private static final long EVERY_MS = 100;
    /** A follower elsewhere past this has the journal's whole answer instead. */
    private static final long KEPT_MS = 60_000;

    /** Pieces to send; a null text is a turn's call beginning (again). */
    private record Written(String invocation, int turn, int attempt, int index, String text) {
    }

    @Resource(lookup = "jms/castellan/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/castellan/Answers")
    private Topic answersTopic;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    private ManagedScheduledExecutorService scheduler;

    @Inject
    private AnswerStreams answers;

    private final Queue<Written> pending = new ConcurrentLinkedQueue<>();

    @PostConstruct
    void start() {
        if (Boolean.parseBoolean(ServerSettings.get("castellan/broker/embedded", "true"))) {
            return;
        }
        answers.relayTo(this);
        scheduler.scheduleWithFixedDelay(this::sendQuietly, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void begun(String invocationId, int turn, int attempt) {
        pending.add(new Written(invocationId, turn, attempt, 0, null));
    }

    @Override
    public void piece(String invocationId, int turn, int attempt, int index, String text) {
        pending.add(new Written(invocationId, turn, attempt, index, text));
    }

    private void sendQuietly() {
        List<AnswerMessage> messages = batches();
        if (messages.isEmpty()) {
            return;
        }
        try (JMSContext context = connectionFactory.createContext()) {
            JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT).setTimeToLive(KEPT_MS);
            for (AnswerMessage message : messages) {
                TextMessage text = context.createTextMessage(Json.write(message));
                text.setStringProperty(SERVER_PROPERTY, ThisServer.NAME);
                producer.send(answersTopic, text);
            }
        } catch (RuntimeException | JMSException e) {
            // the broker is away: followers on other servers miss these pieces, never the answer
            LOG.log(Level.FINE, "Could not relay answer pieces to the fleet: {0}", e.getMessage());
        }
    }

    /** What is pending, as one message per run of pieces of one answer's turn and attempt, in order. */
    private List<AnswerMessage> batches() {
        List<AnswerMessage> batches = new ArrayList<>();
        AnswerMessage open = null;
        for (Written w = pending.poll(); w != null; w = pending.poll()) {
            boolean continues = open != null && open.invocation().equals(w.invocation()) && open.turn() == w.turn()
                    && open.attempt() == w.attempt() && w.text() != null && open.from() + open.pieces().size() == w.index();
            if (!continues) {
                open = new AnswerMessage(w.invocation(), w.turn(), w.attempt(), w.index(), new ArrayList<>());
                batches.add(open);
            }
            if (w.text() != null) {
                open.pieces().add(w.text());
            }
        }
        return batches;
    }
}

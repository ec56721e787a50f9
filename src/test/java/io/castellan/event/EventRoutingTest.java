package io.castellan.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.broker.BrokerConfiguration;
import io.castellan.manifest.TriggerSpec;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscriptions as Castellan makes them, on a real Artemis configured by the shipped
 * broker.xml: the broker matches the wildcards, fans out, stamps each copy with its subscriber,
 * drops a process's own events unless it asks, and drops a repeated send of one event.
 */
class EventRoutingTest {

    @TempDir
    Path data;

    private EmbeddedActiveMQ broker;
    private ServerLocator locator;
    private ClientSession session;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        FileConfiguration configuration = BrokerConfiguration.load(Path.of("liberty/broker.xml"), data, "127.0.0.1", String.valueOf(port));
        // who may use the broker is BrokerSecurityTest's subject; this one is routing
        configuration.setSecurityEnabled(false);
        broker = new EmbeddedActiveMQ().setConfiguration(configuration).start();
        locator = ActiveMQClient.createServerLocator("vm://0");
        session = locator.createSessionFactory().createSession();
        session.start();
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        locator.close();
        broker.stop();
    }

    private void subscribe(String process, String pattern, boolean includeOwn) throws Exception {
        Subscriptions.subscribe(broker.getActiveMQServer(), process, 0, new TriggerSpec.Event(pattern, includeOwn));
    }

    private void publish(String eventId, String topic, String publisher) throws Exception {
        try (ClientProducer producer = session.createProducer()) {
            ClientMessage message = session.createMessage(true);
            message.putStringProperty(EventAddresses.EVENT_PROPERTY, eventId);
            message.putStringProperty(EventAddresses.PUBLISHER_PROPERTY, publisher);
            message.putStringProperty(EventAddresses.DUPLICATE_ID_PROPERTY, eventId);
            message.setRoutingType(RoutingType.MULTICAST);
            producer.send(EventAddresses.topicAddress(topic), message);
        }
    }

    /** Every delivery waiting in castellan.deliveries, as "event->subscriber". */
    private List<String> deliveries() throws Exception {
        List<String> found = new ArrayList<>();
        try (ClientConsumer consumer = session.createConsumer(EventAddresses.DELIVERIES)) {
            ClientMessage message;
            // the sends above were routed before they returned: an empty queue answers at once
            while ((message = consumer.receiveImmediate()) != null) {
                message.acknowledge();
                found.add(message.getStringProperty(EventAddresses.EVENT_PROPERTY) + "->" + message.getStringProperty(EventAddresses.SUBSCRIBER_PROPERTY));
            }
        }
        return found;
    }

    @Test
    void theBrokerMatchesWildcardsAndFansOutOneCopyPerSubscription() throws Exception {
        subscribe("one-word", "pipeline.*", false);
        subscribe("any-words", "pipeline.#", false);
        subscribe("deep", "pipeline.*.done", false);
        subscribe("exact", "pipeline.ingest", false);
        subscribe("elsewhere", "billing.#", false);

        publish("e1", "pipeline.ingest", "api:ops");
        publish("e2", "pipeline.ingest.done", "api:ops");
        publish("e3", "pipeline", "api:ops");
        publish("e4", "nobody.listens", "api:ops");

        assertThat(deliveries()).containsExactlyInAnyOrder(
                "e1->one-word", "e1->any-words", "e1->exact",
                "e2->any-words", "e2->deep",
                // '#' matches zero words too
                "e3->any-words");
    }

    @Test
    void aProcessDoesNotReceiveItsOwnEventsUnlessItAsks() throws Exception {
        subscribe("quiet", "chat.#", false);
        subscribe("echo", "chat.#", true);

        publish("e1", "chat.hello", "quiet");
        publish("e2", "chat.hello", "echo");

        assertThat(deliveries()).containsExactlyInAnyOrder("e1->echo", "e2->quiet", "e2->echo");
    }

    @Test
    void aRepeatedSendOfOneEventIsDroppedByTheBroker() throws Exception {
        subscribe("once", "orders.*", false);
        publish("e1", "orders.created", "api:ops");
        publish("e1", "orders.created", "api:ops");
        assertThat(deliveries()).containsExactly("e1->once");
    }

    @Test
    void aResendTheTopicNoLongerRemembersIsDeliveredAgainNotRefused() throws Exception {
        // after a restart the topic's address (auto-deleted with its duplicate ids) is new, while the
        // delivery queue still remembers the first copy: the copy must not carry the duplicate id,
        // or the broker refuses the whole send and the outbox can never mark the event routed.
        // Sending one event id on two topics is the same situation without a restart.
        subscribe("all", "chat.#", false);
        publish("e1", "chat.a", "api:ops");
        publish("e1", "chat.b", "api:ops");
        assertThat(deliveries()).containsExactly("e1->all", "e1->all");
    }
}

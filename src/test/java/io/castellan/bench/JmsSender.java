package io.castellan.bench;

import io.castellan.it.Castellan;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** The benchmark's triggers as JMS messages on castellan.triggers, one connection per client thread. */
final class JmsSender {

    private JmsSender() {
    }

    /** Sends trigger n = client, client + clients, ... below count, to agent n % agents.size(). */
    static Void send(List<String> agents, int count, int clients, int client) throws Exception {
        try (ActiveMQConnectionFactory factory = Castellan.brokerClient();
             JMSContext context = factory.createContext("admin", Castellan.ADMIN_TOKEN)) {
            Queue triggers = context.createQueue("castellan.triggers");
            JMSProducer producer = context.createProducer();
            for (int n = client; n < count; n += clients) {
                String agent = agents.get(n % agents.size());
                TextMessage message = context.createTextMessage("{\"n\":" + n + "}");
                message.setStringProperty("process", agent);
                message.setStringProperty("JMSXGroupID", agent);
                producer.send(triggers, message);
            }
        }
        return null;
    }
}

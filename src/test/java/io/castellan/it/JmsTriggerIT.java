package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Any JMS client can wake a process by posting to castellan.triggers; what cannot be run goes to the DLQ. */
class JmsTriggerIT {

    private static ActiveMQConnectionFactory factory;
    private static JMSContext context;
    private static Queue triggers;
    private static Queue deadLetters;

    @BeforeAll
    static void connect() {
        factory = Castellan.brokerClient();
        // the dead-letter queue is read here too, which takes an admin's token; clients that only send use an operator's
        context = factory.createContext("admin", Castellan.ADMIN_TOKEN);
        triggers = context.createQueue("castellan.triggers");
        deadLetters = context.createQueue("castellan.triggers.dlq");
    }

    @AfterAll
    static void disconnect() {
        context.close();
        factory.close();
    }

    @Test
    void aPlainJmsMessageWakesTheNamedProcess() throws Exception {
        String name = uniqueName("jms");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: \"got {{trigger.payload.order}}\"}]\n".formatted(name));

        TextMessage message = context.createTextMessage("{\"order\": 17}");
        message.setStringProperty("process", name);
        context.createProducer().send(triggers, message);

        await().atMost(Duration.ofSeconds(30)).until(() -> !invocations(name).isEmpty());
        String id = invocations(name).get(0);
        assertThat(awaitEnded(id).getString("reply")).isEqualTo("got 17");
        assertThat(awaitEnded(id).getString("trigger.kind")).isEqualTo("jms");
    }

    @Test
    void anUnknownProcessGoesToTheDeadLetterQueueWithTheReason() throws Exception {
        String marker = UUID.randomUUID().toString();
        TextMessage message = context.createTextMessage("{\"marker\": \"" + marker + "\"}");
        message.setStringProperty("process", "no-such-process-" + marker.substring(0, 8));
        context.createProducer().send(triggers, message);

        Message dead = deadLetter(marker);
        assertThat(dead.getStringProperty("reason")).contains("does not exist");
    }

    @Test
    void aBodyThatIsNotJsonGoesToTheDeadLetterQueue() throws Exception {
        String name = uniqueName("jmsbad");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        String marker = UUID.randomUUID().toString();
        TextMessage message = context.createTextMessage("not json " + marker);
        message.setStringProperty("process", name);
        context.createProducer().send(triggers, message);

        assertThat(deadLetter(marker).getStringProperty("reason")).contains("not JSON");
        TextMessage noProcess = context.createTextMessage("{\"marker\": \"" + marker + "-2\"}");
        context.createProducer().send(triggers, noProcess);
        assertThat(deadLetter(marker + "-2").getStringProperty("reason")).contains("'process'");

        // nothing else broke: the process still runs its triggers
        assertThat(awaitEnded(Castellan.invoke(name, "{}")).getString("status")).isEqualTo("COMPLETED");
        assertThat(invocations(name)).hasSize(1);
    }

    @Test
    void aBodyOverTheLimitGoesToTheDeadLetterQueueAndIsNotStored() throws Exception {
        String name = uniqueName("jmsbig");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        String marker = UUID.randomUUID().toString();
        TextMessage message = context.createTextMessage("{\"marker\": \"" + marker + "\", \"pad\": \"" + "x".repeat(1024 * 1024) + "\"}");
        message.setStringProperty("process", name);
        context.createProducer().send(triggers, message);

        assertThat(deadLetter(marker).getStringProperty("reason")).contains("at most 1048576 bytes");
        assertThat(invocations(name)).isEmpty();
    }

    private static Message deadLetter(String marker) {
        try (JMSConsumer consumer = context.createConsumer(deadLetters, "reason IS NOT NULL")) {
            return await().atMost(Duration.ofSeconds(30)).until(() -> {
                Message m = consumer.receive(500);
                return m instanceof TextMessage t && t.getText() != null && t.getText().contains(marker) ? m : null;
            }, m -> m != null);
        }
    }

    private static List<String> invocations(String name) {
        return admin().get("/processes/{name}/invocations", name).then().extract().path("items.id");
    }
}

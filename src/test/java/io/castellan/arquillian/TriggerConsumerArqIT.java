package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.Invocations;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerMessage;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The message-driven path: a JMS trigger becomes an invocation; a redelivered one never runs twice. */
@ExtendWith(ArquillianExtension.class)
class TriggerConsumerArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(TriggerConsumerArqIT.class);
    }

    @Resource(lookup = "jms/castellan/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/castellan/Triggers")
    private Queue triggers;

    @Inject
    private Processes processes;

    @Inject
    private Invocations invocations;

    @Inject
    private Journal journal;

    @Test
    void aJmsTriggerRunsOnceEvenWhenItsMessageComesAgain() throws Exception {
        String name = "arq-mdb-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("name: %s\nmodel: scripted\ntools: [state_set]\nscript: [{tool: state_set, args: {key: n, value: '{{trigger.payload.n}}'}}, {reply: done}]\n"
                .formatted(name), "test");

        try (JMSContext context = connectionFactory.createContext()) {
            TextMessage message = context.createTextMessage("{\"n\": 5}");
            message.setStringProperty("process", name);
            context.createProducer().send(triggers, message);
        }
        List<Invocation> done = await().atMost(Duration.ofSeconds(30))
                .until(() -> invocations.list(name, InvocationStatus.COMPLETED, null, null, 10), l -> l.size() == 1);
        Invocation invocation = done.get(0);
        assertThat(invocation.triggerKind()).isEqualTo(TriggerKind.JMS);

        try (JMSContext context = connectionFactory.createContext()) {
            TextMessage again = context.createTextMessage(TriggerMessage.of(invocation.id()).toJson());
            again.setStringProperty(TriggerMessage.PROCESS_PROPERTY, name);
            again.setStringProperty(TriggerMessage.INVOCATION_PROPERTY, invocation.id());
            again.setStringProperty("JMSXGroupID", name);
            context.createProducer().send(triggers, again);
            await().atMost(Duration.ofSeconds(30)).until(() -> Collections.list(context.createBrowser(triggers).getEnumeration()).isEmpty());
        }

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> journal.ofInvocation(invocation.id())
                .stream().filter(e -> e.type() == JournalType.INVOCATION_COMPLETED).count() == 1);
        assertThat(journal.ofInvocation(invocation.id()))
                .filteredOn(e -> e.type() == JournalType.STATE_CHANGED).hasSize(1);
        assertThat(invocations.list(name, null, null, null, 10)).hasSize(1);
    }

    /**
     * Every consumer session's deliveries, and its clean-up when the embedded broker stops, run on
     * the Artemis client's global thread pool: bounded (8 threads a core by default) below the
     * number of sessions, an application's stop starved (16 threads, 65 sessions with 32 consumers
     * per activation spec: each stop waited 10 s a round, AMQ212002). liberty/jvm.options unbounds it.
     */
    @Test
    void theBrokerClientsThreadPoolHoldsEverySession() {
        assertThat(ActiveMQClient.getGlobalThreadPoolSize()).as("the Artemis client's global thread pool, -1 for unbounded").isEqualTo(-1);
    }
}

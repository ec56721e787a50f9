package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitAnInvocation;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker under the API's rules, tried with a plain JMS client over the network: no
 * credentials, a wrong or deleted token and a viewer's are refused; an operator's token may send
 * triggers and nothing else; an admin's may read the dead-letter queue.
 */
class BrokerCredentialsIT {

    private static ActiveMQConnectionFactory factory;

    @BeforeAll
    static void connect() {
        factory = Castellan.brokerClient();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void aClientWithoutAValidTokenIsRefused() {
        assertThatThrownBy(() -> factory.createContext().close()).isInstanceOf(JMSSecurityRuntimeException.class);
        assertThatThrownBy(() -> factory.createContext("admin", "not-a-token").close()).isInstanceOf(JMSSecurityRuntimeException.class);
        String viewer = Castellan.tokenWithRole("viewer");
        assertThatThrownBy(() -> factory.createContext(null, viewer).close()).as("a viewer may not trigger").isInstanceOf(JMSSecurityRuntimeException.class);
        String operator = Castellan.tokenWithRole("operator");
        assertThatThrownBy(() -> factory.createContext("admin", operator).close()).as("the token's name must match the user, when one is given")
                .isInstanceOf(JMSSecurityRuntimeException.class);
    }

    @Test
    void anOperatorsTokenSendsTriggersAndNothingElse() throws Exception {
        String name = uniqueName("jms-operator");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: \"got {{trigger.payload.n}}\"}]\n".formatted(name));
        String operator = Castellan.tokenWithRole("operator");
        try (JMSContext context = factory.createContext(null, operator)) {
            TextMessage message = context.createTextMessage("{\"n\": 7}");
            message.setStringProperty("process", name);
            context.createProducer().send(context.createQueue("castellan.triggers"), message);

            assertThat(awaitEnded(awaitAnInvocation(name)).getString("reply")).isEqualTo("got 7");
            assertThatThrownBy(() -> context.createConsumer(context.createQueue("castellan.triggers")).close())
                    .as("taking other clients' triggers").isInstanceOf(JMSSecurityRuntimeException.class);
            assertThatThrownBy(() -> context.createProducer().send(context.createQueue("castellan.triggers.dlq"), "forged"))
                    .as("writing to the dead-letter queue").isInstanceOf(JMSSecurityRuntimeException.class);
            TextMessage forged = context.createTextMessage("{\"v\": 1, \"invocation\": \"x\"}");
            forged.setStringProperty("process", name);
            forged.setStringProperty("castellan_invocation", "x");
            assertThatThrownBy(() -> context.createProducer().send(context.createQueue("castellan.triggers"), forged))
                    .as("a message shaped like Castellan's own wake-up").isInstanceOf(JMSSecurityRuntimeException.class);
        }
    }

    @Test
    void anAdminsTokenMayReadTheDeadLetterQueue() throws Exception {
        try (JMSContext context = factory.createContext("admin", Castellan.ADMIN_TOKEN)) {
            context.createBrowser(context.createQueue("castellan.triggers.dlq")).close();
        }
    }

    @Test
    void aDeletedTokenIsRefusedAtOnceEvenOnAConnectionAlreadyOpen() {
        String tokenName = uniqueName("jms-gone");
        String secret = Castellan.token(tokenName, "operator");
        try (JMSContext open = factory.createContext(tokenName, secret)) {
            admin().delete("/tokens/{name}", tokenName).then().statusCode(204);

            assertThatThrownBy(() -> factory.createContext(tokenName, secret).close()).isInstanceOf(JMSSecurityRuntimeException.class);
            assertThatThrownBy(() -> open.createProducer().send(open.createQueue("castellan.triggers"), "{}"))
                    .as("a connection opened before the delete").isInstanceOf(JMSSecurityRuntimeException.class);
        }
    }
}

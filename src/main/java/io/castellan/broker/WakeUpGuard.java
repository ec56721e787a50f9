package io.castellan.broker;

import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Refuses a client's message that looks like one of Castellan's own wake-ups (it carries the
 * invocation property): only the server, or an admin by hand, may send those. A client's trigger
 * names its process and nothing else.
 */
final class WakeUpGuard implements ActiveMQServerMessagePlugin {

    /** {@code TriggerMessage.INVOCATION_PROPERTY}: the broker may not depend on the engine, a test holds them equal. */
    static final String WAKE_UP_PROPERTY = "castellan_invocation";
    private static final SimpleString PROPERTY = SimpleString.of(WAKE_UP_PROPERTY);

    private final BrokerSecurity security;

    WakeUpGuard(BrokerSecurity security) {
        this.security = security;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQSecurityException {
        if (message.containsProperty(PROPERTY) && !security.maySendWakeUps(session.getRemotingConnection().getSubject())) {
            throw new ActiveMQSecurityException("'" + WAKE_UP_PROPERTY + "' is Castellan's own property: a client's trigger names only its 'process'");
        }
    }
}

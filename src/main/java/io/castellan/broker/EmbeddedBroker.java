package io.castellan.broker;

import io.castellan.access.Authenticator;
import io.castellan.access.Caller;
import io.castellan.platform.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The embedded Artemis broker of the default set-up: configured by {@code broker.xml} beside
 * server.xml, with an in-VM acceptor for the server's own connection, one acceptor for clients on
 * the configured loopback host and port, and its journal under the server's output directory.
 * Every client signs in ({@link BrokerSecurity}). Off when {@code broker.embedded=false} (an
 * external broker).
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class.getName());

    private EmbeddedActiveMQ broker;

    @Inject
    private Authenticator authenticator;

    /** The broker asks who a token names on its own threads: the lookup needs the application's context there. */
    @Resource(lookup = "java:comp/DefaultContextService")
    private ContextService contexts;

    @PostConstruct
    void start() {
        if (!Boolean.parseBoolean(ServerSettings.get("castellan/broker/embedded", "true"))) {
            LOG.info("Embedded broker disabled; using the broker configured for the resource adapter");
            return;
        }
        String host = ServerSettings.get("castellan/broker/host", "127.0.0.1");
        String port = ServerSettings.get("castellan/broker/port", "61616");
        Path dataDir = Path.of(ServerSettings.get("castellan/data/dir", "castellan"), "broker");
        try {
            FileConfiguration configuration = BrokerConfiguration.load(
                    Path.of(ServerSettings.get("castellan/broker/config", "broker.xml")), dataDir, host, port);
            broker = new EmbeddedActiveMQ();
            broker.setConfiguration(configuration);
            BrokerSecurity security = new BrokerSecurity(callers());
            configuration.registerBrokerPlugin(new WakeUpGuard(security));
            broker.setSecurityManager(security);
            broker.start();
            LOG.info(() -> "Embedded broker listening on " + host + ":" + port + ", data in " + dataDir);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded broker on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private Function<String, Optional<Caller>> callers() {
        Function<String, Optional<Caller>> lookup = authenticator::caller;
        return contexts.createContextualProxy(lookup, Function.class);
    }

    /** The running embedded broker, for the areas that set up its routing (event subscriptions); empty with an external broker. */
    @Lock(LockType.READ)
    public Optional<ActiveMQServer> server() {
        return broker == null ? Optional.empty() : Optional.ofNullable(broker.getActiveMQServer());
    }

    @PreDestroy
    void stop() {
        if (broker == null) {
            return;
        }
        try {
            broker.stop();
        } catch (Exception e) {
            LOG.warning(() -> "Embedded broker did not stop cleanly: " + e.getMessage());
        }
    }
}

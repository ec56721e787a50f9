package io.castellan.broker;

import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;

/**
 * Castellan's broker set-up: the settings of a broker.xml, an in-VM acceptor for the server's own
 * connection, one acceptor for clients (core and AMQP 1.0) on the given host and port, and the
 * journal under the given directory. The embedded broker uses it; so can anyone who runs a
 * separate Artemis for Castellan.
 */
public final class BrokerConfiguration {

    private BrokerConfiguration() {
    }

    public static FileConfiguration load(Path brokerXml, Path dataDir, String host, String port) throws Exception {
        FileConfiguration configuration = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(brokerXml.toAbsolutePath().toUri().toString());
        deployment.addDeployable(configuration);
        deployment.readConfiguration();
        configuration.setBrokerInstance(dataDir.toFile());
        configuration.setJournalDirectory(dataDir.resolve("journal").toString());
        configuration.setBindingsDirectory(dataDir.resolve("bindings").toString());
        configuration.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
        configuration.setPagingDirectory(dataDir.resolve("paging").toString());
        configuration.getAcceptorConfigurations().clear();
        // clients: Artemis's own core protocol (JMS) and AMQP 1.0 (any language), both signed in by BrokerSecurity
        configuration.addAcceptorConfiguration("clients", "tcp://" + host + ":" + port + "?protocols=CORE,AMQP");
        // the server's own connection: the resource adapter shares this JVM's Artemis classes (lib/artemis)
        configuration.addAcceptorConfiguration("in-vm", "vm://0");
        return configuration;
    }
}

package io.castellan.broker;

import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;

/**
 * Castellan's broker set-up: the settings of a broker.xml, an in-VM acceptor for the server's own connection and one core acceptor on the given host and
 * port, and the journal under the given directory. The embedded broker uses it; so can anyone who
 * runs a separate Artemis for Castellan.
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
        configuration.addAcceptorConfiguration("core", "tcp://" + host + ":" + port + "?protocols=CORE");
        // the server's own connection: the resource adapter shares this JVM's Artemis classes (lib/artemis)
        configuration.addAcceptorConfiguration("in-vm", "vm://0");
        return configuration;
    }
}

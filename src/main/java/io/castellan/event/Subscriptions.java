package io.castellan.event;

import io.castellan.broker.EmbeddedBroker;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.TriggerSpec;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessEvent;
import io.castellan.process.Processes;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.postoffice.BindingType;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;

/**
 * The processes' event triggers as the broker's routing: one divert per trigger, from the address
 * of its topic pattern to {@link EventAddresses#DELIVERIES}, which stamps the copy with the
 * subscriber's name. The broker does the wildcard matching and the fan-out. A trigger without
 * {@code include_own} filters out its own process's events. The database is the truth: the diverts
 * follow each committed deploy, update and delete, and are all made again at every start (the
 * broker keeps diverts across restarts, but not the code that names the subscriber).
 */
@Singleton
@Startup
@DependsOn({"EmbeddedBroker", "SchemaMigration"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Subscriptions {

    private static final Logger LOG = Logger.getLogger(Subscriptions.class.getName());
    /** What each process is subscribed to in the broker now, so an update that keeps its event triggers changes nothing. */
    private final Map<String, List<TriggerSpec.Event>> current = new HashMap<>();

    @Inject
    private EmbeddedBroker broker;

    @Inject
    private Processes processes;

    @PostConstruct
    void subscribeAll() {
        ActiveMQServer server = broker.server().orElse(null);
        if (server == null) {
            LOG.info("External broker: no subscriptions in the broker; the event relay sends each subscriber its delivery");
            return;
        }
        destroyAll(server, EventAddresses.SUBSCRIPTION_PREFIX);
        int subscribed = 0;
        // only manifests that say "event" can have an event trigger: a fleet of thousands is not parsed at every start
        for (AgentProcess process : processes.mentioning("event")) {
            try {
                subscribed += subscribe(server, process.name(), processes.manifest(process.name(), process.version()));
            } catch (RuntimeException e) {
                // one process's stored manifest must not keep the server from starting
                LOG.log(Level.SEVERE, "Cannot subscribe process {0} to its events: {1}", new Object[]{process.name(), e.getMessage()});
            }
        }
        int count = subscribed;
        LOG.info(() -> "Event bus: " + count + " subscription(s) set up in the broker");
    }

    /** After the commit that changed a process: its diverts follow its manifest. */
    public void follow(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.STATE_CHANGED) {
            return;
        }
        List<TriggerSpec.Event> wanted = event.kind() == ProcessEvent.Kind.DELETED ? List.of() : event.manifest().eventTriggers();
        if (wanted.equals(current.getOrDefault(event.process(), List.of()))) {
            // unchanged: unsubscribing and subscribing again would miss the events published in between
            return;
        }
        broker.server().ifPresent(server -> {
            unsubscribe(server, event.process());
            if (event.kind() != ProcessEvent.Kind.DELETED) {
                subscribe(server, event.process(), event.manifest());
            }
        });
    }

    private int subscribe(ActiveMQServer server, String process, Manifest manifest) {
        List<TriggerSpec.Event> triggers = manifest.eventTriggers();
        if (!triggers.isEmpty()) {
            current.put(process, triggers);
        }
        for (int i = 0; i < triggers.size(); i++) {
            try {
                subscribe(server, process, i, triggers.get(i));
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "Cannot subscribe process {0} to {1}: {2}", new Object[]{process, triggers.get(i).pattern(), e.getMessage()});
            }
        }
        return triggers.size();
    }

    /** The divert of the process's event trigger number {@code index}, and the transformer that names the process in each copy. */
    static void subscribe(ActiveMQServer server, String process, int index, TriggerSpec.Event trigger) throws Exception {
        String name = divertName(process, index);
        server.getServiceRegistry().addDivertTransformer(name, message -> {
            message.putStringProperty(EventAddresses.SUBSCRIBER_PROPERTY, process);
            // the duplicate id guards the topic address against a second send of one event; on the
            // copy it would make the delivery queue refuse a send after a restart whose first copy it
            // still remembers (and fail the whole send): the intake's dedup key covers the copies
            message.removeProperty(SimpleString.of(EventAddresses.DUPLICATE_ID_PROPERTY));
            return message;
        });
        DivertConfiguration divert = new DivertConfiguration().setName(name)
                .setAddress(EventAddresses.topicAddress(trigger.pattern()))
                .setForwardingAddress(EventAddresses.DELIVERIES)
                .setRoutingType(ComponentConfigurationRoutingType.ANYCAST)
                .setExclusive(false);
        if (!trigger.includeOwn()) {
            // process names are a-z, 0-9 and '-': nothing to escape in the filter's string
            divert.setFilterString(EventAddresses.PUBLISHER_PROPERTY + " IS NULL OR " + EventAddresses.PUBLISHER_PROPERTY + " <> '" + process + "'");
        }
        // the pattern's wildcard address must exist for a divert to bind to it
        server.addAddressInfo(new AddressInfo(SimpleString.of(divert.getAddress())).addRoutingType(RoutingType.MULTICAST));
        server.deployDivert(divert);
    }

    private void unsubscribe(ActiveMQServer server, String process) {
        current.remove(process);
        destroyAll(server, EventAddresses.SUBSCRIPTION_PREFIX + process + ".");
    }

    /** Removes the subscription diverts whose names start with {@code prefix}, with their transformers. */
    private static void destroyAll(ActiveMQServer server, String prefix) {
        server.getPostOffice().getAllBindings()
                .filter(b -> b.getType() == BindingType.DIVERT && b.getUniqueName().toString().startsWith(prefix))
                .map(b -> b.getUniqueName()).toList()
                .forEach(name -> destroy(server, name));
    }

    private static void destroy(ActiveMQServer server, SimpleString name) {
        try {
            server.destroyDivert(name);
            server.getServiceRegistry().removeDivertTransformer(name.toString());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Cannot remove the subscription {0}: {1}", new Object[]{name, e.getMessage()});
        }
    }

    static String divertName(String process, int index) {
        return EventAddresses.SUBSCRIPTION_PREFIX + process + "." + index;
    }
}

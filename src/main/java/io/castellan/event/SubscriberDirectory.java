package io.castellan.event;

import io.castellan.manifest.TriggerSpec;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.postoffice.impl.AddressImpl;

/**
 * Who is subscribed to what, for an external broker, where Castellan cannot make its
 * subscriptions as diverts: the event relay asks for a topic's subscribers and sends each a
 * delivery itself. Read from the processes' manifests and kept until {@link SubscriptionEpoch}
 * moves, which every change of a subscription does in its own transaction, on any server of the
 * fleet: an event routed after that commit sees it. The wildcards are matched by Artemis' own
 * address matching, as its diverts would.
 */
@ApplicationScoped
class SubscriberDirectory {

    private static final Logger LOG = Logger.getLogger(SubscriberDirectory.class.getName());
    private static final WildcardConfiguration WILDCARDS = new WildcardConfiguration();

    /** A process's event trigger, its pattern as an Artemis address to match topics against. */
    record Subscription(String process, AddressImpl pattern, boolean includeOwn) {
    }

    @Inject
    private Processes processes;

    @Inject
    private SubscriptionEpoch epoch;

    /** The subscriptions as read at an epoch; one reference, so a reader never pairs a list with another's epoch. */
    private record Known(long epoch, List<Subscription> subscriptions) {
    }

    private volatile Known known = new Known(-1, List.of());

    /** The processes an event on {@code topic} published by {@code publisher} goes to, each once. */
    List<String> subscribers(String topic, String publisher) {
        AddressImpl address = address(topic);
        return current().stream()
                .filter(s -> s.includeOwn() || !s.process().equals(publisher))
                .filter(s -> address.matches(s.pattern()))
                .map(Subscription::process).distinct().toList();
    }

    /** Whether a topic matches a pattern as the broker's diverts match it (a topic's address matches a wildcard one). */
    static boolean matches(String pattern, String topic) {
        return address(topic).matches(address(pattern));
    }

    private static AddressImpl address(String topicOrPattern) {
        return new AddressImpl(SimpleString.of(EventAddresses.topicAddress(topicOrPattern)), WILDCARDS);
    }

    private List<Subscription> current() {
        // the epoch first: a subscription committed before it was read is in what is read after it
        long now = epoch.current();
        Known seen = known;
        if (seen.epoch() != now) {
            seen = new Known(now, read());
            known = seen;
        }
        return seen.subscriptions();
    }

    private List<Subscription> read() {
        List<Subscription> all = new ArrayList<>();
        // only manifests that say "event" can have an event trigger
        for (AgentProcess process : processes.mentioning("event")) {
            try {
                for (TriggerSpec.Event trigger : processes.manifest(process.name(), process.version()).eventTriggers()) {
                    all.add(new Subscription(process.name(), address(trigger.pattern()), trigger.includeOwn()));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Cannot read the event triggers of {0}: {1}", new Object[]{process.name(), e.getMessage()});
            }
        }
        return List.copyOf(all);
    }
}

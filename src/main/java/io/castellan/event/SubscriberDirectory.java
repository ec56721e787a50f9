package io.castellan.event;

import io.castellan.manifest.TriggerSpec;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessEvent;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
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
 * delivery itself. Read from the processes' manifests, kept for a few seconds (a subscription made
 * on another server of a fleet counts from then on) and read again after a change made here. The
 * wildcards are matched by Artemis' own address matching, as its diverts would.
 */
@ApplicationScoped
class SubscriberDirectory {

    private static final Logger LOG = Logger.getLogger(SubscriberDirectory.class.getName());
    static final Duration FRESH = Duration.ofSeconds(5);
    private static final WildcardConfiguration WILDCARDS = new WildcardConfiguration();

    /** A process's event trigger, its pattern as an Artemis address to match topics against. */
    record Subscription(String process, AddressImpl pattern, boolean includeOwn) {
    }

    @Inject
    private Processes processes;

    private volatile List<Subscription> known = List.of();
    private volatile Instant readAt = Instant.MIN;

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

    /** A deploy, update or delete here: the next event reads the subscriptions again. */
    void follow(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProcessEvent event) {
        if (event.kind() != ProcessEvent.Kind.STATE_CHANGED) {
            readAt = Instant.MIN;
        }
    }

    private List<Subscription> current() {
        if (readAt.isBefore(Instant.now().minus(FRESH))) {
            Instant now = Instant.now();
            known = read();
            readAt = now;
        }
        return known;
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

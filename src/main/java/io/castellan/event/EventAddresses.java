package io.castellan.event;

/**
 * Where events travel in the broker. An event is sent to {@code castellan.events.<topic>}
 * (multicast); each subscription is a divert from {@code castellan.events.<pattern>} (the broker's
 * wildcards: {@code *} one word, {@code #} any words) to {@code castellan.deliveries}, whose copy
 * names the subscribing process. One queue, one consumer, whatever the number of subscriptions.
 */
final class EventAddresses {

    static final String TOPIC_PREFIX = "castellan.events.";
    static final String DELIVERIES = "castellan.deliveries";
    static final String SUBSCRIPTION_PREFIX = "castellan.subscription.";

    static final String EVENT_PROPERTY = "castellan_event";
    static final String PUBLISHER_PROPERTY = "castellan_publisher";
    static final String SUBSCRIBER_PROPERTY = "castellan_subscriber";
    /** Artemis's duplicate detection: a second message with the same id on one address is dropped. */
    static final String DUPLICATE_ID_PROPERTY = "_AMQ_DUPL_ID";

    private EventAddresses() {
    }

    static String topicAddress(String topicOrPattern) {
        return TOPIC_PREFIX + topicOrPattern;
    }
}

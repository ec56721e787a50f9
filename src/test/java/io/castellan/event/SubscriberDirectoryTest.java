package io.castellan.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The external broker's routing matches patterns as the embedded broker's diverts do (docs/manifest.md). */
class SubscriberDirectoryTest {

    @Test
    void aStarIsOneWordAndAHashAnyNumberOfWords() {
        assertThat(SubscriberDirectory.matches("pipeline.#", "pipeline")).isTrue();
        assertThat(SubscriberDirectory.matches("pipeline.#", "pipeline.a")).isTrue();
        assertThat(SubscriberDirectory.matches("pipeline.#", "pipeline.a.b")).isTrue();
        assertThat(SubscriberDirectory.matches("pipeline.*", "pipeline.a")).isTrue();
        assertThat(SubscriberDirectory.matches("pipeline.*", "pipeline")).isFalse();
        assertThat(SubscriberDirectory.matches("pipeline.*", "pipeline.a.b")).isFalse();
        assertThat(SubscriberDirectory.matches("orders.*.deleted", "orders.eu.deleted")).isTrue();
        assertThat(SubscriberDirectory.matches("orders.*.deleted", "orders.created")).isFalse();
        assertThat(SubscriberDirectory.matches("orders.created", "orders.created")).isTrue();
        assertThat(SubscriberDirectory.matches("orders.created", "orders.deleted")).isFalse();
        assertThat(SubscriberDirectory.matches("fleet-orders-1a2b.*", "fleet-orders-1a2b.created")).isTrue();
    }
}

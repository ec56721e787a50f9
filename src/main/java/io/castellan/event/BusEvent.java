package io.castellan.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import io.castellan.platform.TimeOrderedIds;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event published on the bus: its topic, JSON payload and publisher (a process name, or
 * {@code api:<token>}). The database keeps it; the broker fans it out to the subscribers. It is
 * "routed" once handed to the broker: until then the outbox sends it again.
 */
@Entity
@Table(name = "bus_event")
public class BusEvent {

    @Convert(disableConversion = true)
    @Id
    private String id;

    private String topic;

    private String payload;

    private String publisher;

    @Column(name = "published_at")
    private Instant publishedAt;

    @Column(name = "routed_at")
    private Instant routedAt;

    protected BusEvent() {
    }

    BusEvent(String topic, JsonNode payload, String publisher, Instant now) {
        this.id = TimeOrderedIds.next();
        this.topic = topic;
        this.payload = Json.write(payload);
        this.publisher = publisher;
        this.publishedAt = now;
    }

    public String id() { return id; }
    public String topic() { return topic; }
    public JsonNode payload() { return Json.read(payload); }
    public String publisher() { return publisher; }
    public Instant publishedAt() { return publishedAt; }
    public Instant routedAt() { return routedAt; }

    void routed(Instant now) {
        this.routedAt = now;
    }
}

package io.castellan.fleet;

import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.platform.SseFeeds;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Every process at a glance, once or as a live stream. */
@Path("fleet")
@Allowed(Role.VIEWER)
public class FleetResource {

    static final Duration POLL = Duration.ofSeconds(1);

    public record FleetView(Instant at, List<FleetEntry> items) {
    }

    @Inject
    private Fleet fleet;

    @Inject
    private SseFeeds feeds;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public FleetView all() {
        return new FleetView(Instant.now(), fleet.all());
    }

    /** {@code event: process} with a {@link FleetEntry} for every process, then for each that changes; {@code event: removed} for one deleted. */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        feeds.start(new FleetTail(fleet::all), sink, sse, POLL);
    }
}

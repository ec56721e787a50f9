package io.castellan.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.Invocations;
import io.castellan.manifest.Topics;
import io.castellan.platform.Cursor;
import io.castellan.platform.Json;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The event bus from outside: publish an event as an operator, list recent ones with the invocations they started. */
@Path("events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    /** An invocation an event started. */
    public record Delivery(String process, String invocation, String status) {
    }

    /** An event, its publisher ({@code <process>} or {@code api:<token>}) and the invocations it started so far. */
    public record EventView(String id, String topic, String publisher, Instant published_at, boolean routed, JsonNode payload,
                            List<Delivery> invocations) {
    }

    /** The 202's body. */
    public record PublishedView(String id, String topic, Instant published_at) {
    }

    @Inject
    private Events events;

    @Inject
    private Invocations invocations;

    @Context
    private SecurityContext security;

    @POST
    @Path("{topic}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response publish(@PathParam("topic") String topic, JsonNode payload, @Context UriInfo uri) {
        JsonNode body = payload == null ? Json.object() : payload;
        // refused here, before the transaction: a refusal is the caller's mistake, not an incident to log
        Events.problem(topic, body).ifPresent(problem -> {
            throw ProblemException.invalid(List.of(problem));
        });
        BusEvent event = events.publish(topic, body, Caller.source(security));
        return Response.accepted(new PublishedView(event.id(), event.topic(), event.publishedAt()))
                .location(uri.getBaseUriBuilder().path("events").path(event.id()).build()).build();
    }

    @GET
    @Allowed(Role.VIEWER)
    public Page<EventView> list(@QueryParam("topic") String topic, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        if (topic != null) {
            String problem = Topics.topicProblem(topic);
            if (problem != null) {
                throw ProblemException.invalid("topic", problem);
            }
        }
        int size = Cursor.limit(limit, 50, 500);
        Cursor.TimeAndId before = Cursor.timeAndId(cursor);
        List<BusEvent> found = events.recent(topic, before, size);
        BusEvent last = found.isEmpty() ? null : found.get(found.size() - 1);
        String next = found.size() == size ? new Cursor.TimeAndId(last.publishedAt(), last.id()).encode() : null;
        return new Page<>(views(found), next);
    }

    @GET
    @Path("{id}")
    @Allowed(Role.VIEWER)
    public EventView get(@PathParam("id") String id) {
        BusEvent event = events.find(id).orElseThrow(() -> ProblemException.notFound("event '" + id + "'"));
        return views(List.of(event)).get(0);
    }

    private List<EventView> views(List<BusEvent> found) {
        Map<String, List<Delivery>> started = invocations.startedByEvents(found.stream().map(BusEvent::id).toList()).stream()
                .collect(Collectors.groupingBy(Invocation::triggerRef,
                        Collectors.mapping(i -> new Delivery(i.processName(), i.id(), i.status().name()), Collectors.toList())));
        return found.stream().map(e -> new EventView(e.id(), e.topic(), e.publisher(), e.publishedAt(), e.routedAt() != null, e.payload(),
                started.getOrDefault(e.id(), List.of()))).toList();
    }
}

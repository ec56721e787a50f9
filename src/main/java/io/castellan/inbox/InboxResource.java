package io.castellan.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.platform.Durations;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import io.castellan.platform.VisibleText;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code /processes/{name}/inbox}: an operator tells a process something while it works. The
 * message is shown to its model at the start of the next turn (of the invocation that runs, else of
 * the next one), highest priority first, once; one not shown within its {@code ttl} expires.
 */
@Path("processes/{name}/inbox")
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final Duration DEFAULT_TTL = Duration.ofHours(24);
    static final Duration LONGEST_TTL = Duration.ofDays(7);

    @Inject
    private Inbox inbox;

    @Inject
    private Processes processes;

    @Context
    private SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    @APIResponse(responseCode = "201", description = "The message, pending until a turn takes it (Location: its URL)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InboxView.class)))
    public Response post(@PathParam("name") String name, JsonNode body, @Context UriInfo uri) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object: {message, priority?, ttl?}");
        }
        JsonNode message = body.get("message");
        if (message == null || !message.isTextual() || VisibleText.blank(message.asText())) {
            throw ProblemException.invalid("message", "is required: the text the agent is to read");
        }
        if (message.asText().getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw ProblemException.invalid("message", "may be at most 256 KiB");
        }
        InboxMessage.Priority priority = priority(body.get("priority"));
        Duration ttl = ttl(body.get("ttl"));
        processes.require(name);
        InboxMessage posted = inbox.post(name, message.asText(), priority, ttl, Caller.source(security));
        return Response.created(uri.getAbsolutePathBuilder().path(posted.id()).build()).entity(InboxView.of(posted)).build();
    }

    /** The pending messages, in the order the next turn will show them. */
    @GET
    @Allowed(Role.VIEWER)
    public Page<InboxView> pending(@PathParam("name") String name) {
        processes.require(name);
        return Page.of(inbox.pending(name).stream().map(InboxView::of).toList());
    }

    @GET
    @Path("{id}")
    @Allowed(Role.VIEWER)
    public InboxView get(@PathParam("name") String name, @PathParam("id") String id) {
        processes.require(name);
        return InboxView.of(inbox.find(name, id).orElseThrow(() -> ProblemException.notFound("inbox message '" + id + "' of " + name)));
    }

    private static InboxMessage.Priority priority(JsonNode value) {
        if (value == null || value.isNull()) {
            return InboxMessage.Priority.NORMAL;
        }
        try {
            if (value.isTextual()) {
                return InboxMessage.Priority.valueOf(value.asText().strip().toUpperCase(Locale.ROOT));
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw ProblemException.invalid("priority", "must be low, normal or high");
    }

    /** {@code 30s}, {@code 15m}, {@code 2h} or {@code 1d}: from 1 second to 7 days (default 24h). */
    static Duration ttl(JsonNode value) {
        if (value == null || value.isNull()) {
            return DEFAULT_TTL;
        }
        Duration ttl = value.isTextual() ? Durations.parse(value.asText()) : null;
        if (ttl == null || ttl.compareTo(LONGEST_TTL) > 0) {
            throw ProblemException.invalid("ttl", "must be a time to live from 1s to 7d, such as 30s, 15m, 2h or 1d");
        }
        return ttl;
    }
}

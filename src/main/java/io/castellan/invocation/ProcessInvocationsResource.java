package io.castellan.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.invocation.wait.EndWait;
import io.castellan.platform.Cursor;
import io.castellan.platform.Json;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Invoke a process by hand and list its invocations. */
@Path("processes/{name}/invocations")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessInvocationsResource {

    private static final int MAX_IDEMPOTENCY_KEY = 200;

    @Inject
    private TriggerIntake intake;

    @Inject
    private Invocations invocations;

    @Inject
    private Processes processes;

    @Inject
    private EndWait endWait;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    @APIResponse(responseCode = "202", description = "Accepted: {id, status}",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AcceptedView.class)))
    @APIResponse(responseCode = "200", description = "With ?wait=: the invocation, ended within the wait",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InvocationView.class)))
    public Response invoke(@PathParam("name") String name, @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @QueryParam("wait") String wait,
                           @RequestBody(description = "trigger.payload: a JSON object", content = @Content(mediaType = "application/json",
                                   schema = @Schema(type = SchemaType.OBJECT))) JsonNode payload,
                           @Context UriInfo uri) {
        Duration waitFor = EndWait.parse(wait);
        if (payload != null && !payload.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object (it becomes trigger.payload)");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1-" + MAX_IDEMPOTENCY_KEY + " characters");
        }
        TriggerIntake.Accepted accepted = intake.accept(name, TriggerKind.MANUAL, null,
                payload == null ? Json.object() : payload, idempotencyKey == null ? null : "idempotency:" + idempotencyKey);
        Invocation invocation = accepted.invocation();
        URI location = uri.getBaseUriBuilder().path("invocations").path(invocation.id()).build();
        if (!waitFor.isZero() && endWait.untilEnded(invocation.id(), waitFor)) {
            // ended within ?wait=: the whole invocation, as GET /invocations/{id} answers it
            Invocation ended = invocations.find(invocation.id()).orElseThrow();
            return Response.ok(InvocationView.of(ended, invocations.journalOf(ended.id()))).location(location).build();
        }
        InvocationStatus status = waitFor.isZero() ? invocation.status() : invocations.statusOf(invocation.id());
        return Response.accepted(new AcceptedView(invocation.id(), status.name())).location(location).build();
    }

    /** The 202's body: {@code id} first, always (the README's quick start reads it with sed). */
    public record AcceptedView(String id, String status) {
    }

    @GET
    @Allowed(Role.VIEWER)
    public Page<InvocationView> list(@PathParam("name") String name, @QueryParam("status") String status,
                                     @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        processes.require(name);
        int size = Cursor.limit(limit, 50, 500);
        Cursor.TimeAndId before = Cursor.timeAndId(cursor);
        List<Invocation> found = invocations.list(name, status(status), before == null ? null : before.time(), before == null ? null : before.id(), size);
        String next = null;
        if (found.size() == size) {
            Invocation last = found.get(found.size() - 1);
            next = new Cursor.TimeAndId(last.queuedAt(), last.id()).encode();
        }
        return new Page<>(found.stream().map(InvocationView::summary).toList(), next);
    }

    private static InvocationStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return InvocationStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", "must be one of QUEUED, RUNNING, COMPLETED, FAILED");
        }
    }
}

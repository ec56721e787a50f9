package io.castellan.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessView;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /processes/{name}/fork {at, name}}: a new process as this one was at a point of its past. */
@Path("processes/{name}/fork")
@Produces(MediaType.APPLICATION_JSON)
public class ForkResource {

    @Inject
    private Forks forks;

    @Inject
    private Processes processes;

    @Context
    private SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    @APIResponse(responseCode = "201", description = "The new process (Location: its URL)")
    public Response fork(@PathParam("name") String name, JsonNode body, @Context UriInfo uri) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object: {at, name}");
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode at = body.get("at");
        if (!validPoint(at)) {
            errors.add(POINT);
        }
        JsonNode target = body.get("name");
        if (target == null || !target.isTextual()) {
            errors.add(new FieldError("name", "is required: the new process's name"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        AgentProcess forked = forks.fork(name, point(at), target.asText(), Caller.source(security));
        return Response.created(uri.getBaseUriBuilder().path("processes").path(forked.name()).build())
                .entity(ProcessView.of(forked, processes.manifest(forked.name(), forked.version()), null)).build();
    }

    private static final FieldError POINT = new FieldError("at", "is required: a journal entry's sequence number, or an ended invocation's id");

    private static boolean validPoint(JsonNode at) {
        boolean seq = at != null && at.isIntegralNumber() && at.canConvertToLong() && at.asLong() > 0;
        return seq || (at != null && at.isTextual() && !at.asText().isBlank() && at.asText().length() <= 64);
    }

    /** The {@code at} of a fork or a rewind, as text; a 400 naming it when it is neither a sequence number nor an id. */
    static String point(JsonNode at) {
        if (!validPoint(at)) {
            throw ProblemException.invalid(java.util.List.of(POINT));
        }
        return at.asText();
    }
}

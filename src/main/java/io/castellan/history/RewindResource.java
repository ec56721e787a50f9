package io.castellan.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** {@code POST /processes/{name}/rewind {at}} (admin, the process paused): its state and conversation set back to that point. */
@Path("processes/{name}/rewind")
@Produces(MediaType.APPLICATION_JSON)
public class RewindResource {

    @Inject
    private Rewinds rewinds;

    @Context
    private SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public ObjectNode rewind(@PathParam("name") String name, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object: {at}");
        }
        return rewinds.rewind(name, ForkResource.point(body.get("at")), Caller.source(security));
    }
}

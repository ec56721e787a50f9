package io.castellan.invocation;

import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** One invocation with its steps: the model's intent beside the host's execution. */
@Path("invocations")
@Produces(MediaType.APPLICATION_JSON)
public class InvocationResource {

    @Inject
    private Invocations invocations;

    @GET
    @Path("{id}")
    @Allowed(Role.VIEWER)
    public InvocationView get(@PathParam("id") String id) {
        Invocation invocation = invocations.find(id).orElseThrow(() -> ProblemException.notFound("invocation '" + id + "'"));
        return InvocationView.of(invocation, invocations.journalOf(id));
    }
}

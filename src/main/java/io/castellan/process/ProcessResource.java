package io.castellan.process;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.manifest.Manifest;
import io.castellan.platform.Cursor;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Deploy, inspect, change and remove agent processes. */
@Path("processes")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessResource {

    @Inject
    private Processes processes;

    @Inject
    private DeployChecks checks;

    @Context
    private SecurityContext security;

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON})
    @Allowed(Role.ADMIN)
    @APIResponse(responseCode = "201", description = "The process, deployed (Location: its URL)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProcessView.class)))
    public Response deploy(String manifestText, @QueryParam("reason") String reason, @Context UriInfo uri) {
        String why = reason(reason);
        Manifest manifest = checks.deployable(manifestText);
        AgentProcess process = processes.deploy(manifest, manifestText, Caller.source(security), why);
        return Response.created(uri.getAbsolutePathBuilder().path(process.name()).build())
                .entity(view(process, false))
                .build();
    }

    @POST
    @Path("validate")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON})
    @Allowed(Role.OPERATOR)
    public Map<String, Object> validate(String manifestText) {
        Manifest manifest = processes.validate(manifestText);
        return Map.of("valid", true, "name", manifest.name());
    }

    @GET
    @Allowed(Role.VIEWER)
    public Page<ProcessView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Cursor.limit(limit, 100, 1000);
        List<AgentProcess> found = processes.list(cursor == null ? null : Cursor.decode(cursor), size);
        List<ProcessView> items = found.stream().map(p -> view(p, false)).toList();
        String next = found.size() == size ? Cursor.encode(found.get(found.size() - 1).name()) : null;
        return new Page<>(items, next);
    }

    @GET
    @Path("{name}")
    @Allowed(Role.VIEWER)
    public ProcessView get(@PathParam("name") String name) {
        return view(processes.require(name), true);
    }

    @PUT
    @Path("{name}")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON})
    @Allowed(Role.ADMIN)
    public ProcessView update(@PathParam("name") String name, String manifestText, @QueryParam("reason") String reason) {
        String why = reason(reason);
        Manifest manifest = checks.updatable(name, manifestText);
        return view(processes.update(name, manifest, manifestText, Caller.source(security), why), false);
    }

    /** Why a version is deployed, kept with it: at most 2000 characters. */
    private static String reason(String reason) {
        if (reason != null && (reason.isBlank() || reason.length() > 2000)) {
            throw ProblemException.invalid("reason", "must be 1 to 2000 characters");
        }
        return reason;
    }

    @DELETE
    @Path("{name}")
    @Allowed(Role.ADMIN)
    @APIResponse(responseCode = "204", description = "Deleted with its invocations, journal and state")
    public Response delete(@PathParam("name") String name) {
        // a 404 before the transaction, not out of it: Liberty records that as an FFDC incident per name asked for
        processes.require(name);
        processes.delete(name, Caller.source(security));
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/{action: start|stop|pause|resume}")
    @Allowed(Role.OPERATOR)
    public ProcessView act(@PathParam("name") String name, @PathParam("action") String action) {
        LifecycleAction requested = LifecycleAction.valueOf(action.toUpperCase(Locale.ROOT));
        processes.require(name);
        return view(processes.act(name, requested, Caller.source(security)), false);
    }

    private ProcessView view(AgentProcess process, boolean withManifest) {
        Manifest manifest = processes.manifest(process.name(), process.version());
        String text = withManifest ? processes.manifestText(process.name(), process.version()) : null;
        return ProcessView.of(process, manifest, text);
    }
}

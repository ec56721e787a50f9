package io.castellan.secret;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** A process's secrets: names and when they were set, never values. Values are written here and never read back. */
@Path("processes/{name}/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class SecretResource {

    /** Longest value accepted, in characters. */
    static final int MAX_VALUE = 16_384;

    @Inject
    private Processes processes;

    @Inject
    private Secrets secrets;

    @Inject
    private OperatorSecretWrites writes;

    @Context
    private SecurityContext security;

    @GET
    @Allowed(Role.VIEWER)
    public List<Secrets.Listed> list(@PathParam("name") String name) {
        AgentProcess process = processes.require(name);
        return secrets.list(name, processes.manifest(name, process.version()));
    }

    /** Sets or rotates a secret without a restart: {@code {"value": "..."}}; 204, the value is never returned. */
    @PUT
    @Path("{secret}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    @APIResponse(responseCode = "204", description = "Set (stored encrypted)")
    public Response set(@PathParam("name") String name, @PathParam("secret") String secret, JsonNode body) {
        // refusals before the transaction, not out of it: Liberty records that as an FFDC incident per distinct message
        JsonNode value = body == null ? null : body.get("value");
        if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > MAX_VALUE) {
            throw ProblemException.invalid("value", "must be a non-empty string of at most " + MAX_VALUE + " characters");
        }
        AgentProcess process = processes.require(name);
        if (!processes.manifest(name, process.version()).secrets().containsKey(secret)) {
            throw Secrets.notDeclared(name, secret);
        }
        writes.set(name, secret, value.asText(), Caller.source(security));
        return Response.noContent().build();
    }
}

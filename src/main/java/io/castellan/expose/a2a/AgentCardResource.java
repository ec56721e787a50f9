package io.castellan.expose.a2a;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.access.Public;
import io.castellan.expose.ExposedProcess;
import io.castellan.expose.ExposedProcesses;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /a2a/{name}/.well-known/agent-card.json}: an exposed process's A2A agent card
 * (protocol 0.3.0). Open to anyone, as A2A's discovery is: it names the agent, its one skill and
 * the bearer token its endpoint wants. A process that is not exposed is 404, as one that does not exist.
 */
@Path("{name}/.well-known/agent-card.json")
public class AgentCardResource {

    static final String PROTOCOL_VERSION = "0.3.0";

    @Inject
    private ExposedProcesses exposed;

    @GET
    @Public
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An exposed process's A2A agent card (no token needed)")
    public ObjectNode card(@PathParam("name") String name, @Context UriInfo uri) {
        ExposedProcess process = exposed.a2a(name).orElseThrow(() -> ProblemException.notFound("A2A agent '" + name + "'"));
        ObjectNode card = Json.object().put("protocolVersion", PROTOCOL_VERSION).put("name", process.name())
                .put("description", process.description())
                .put("url", uri.getBaseUriBuilder().path(process.name()).build().toString())
                .put("preferredTransport", "JSONRPC").put("version", "1");
        card.putObject("provider").put("organization", "Castellan").put("url", uri.getBaseUriBuilder().replacePath("/").build().toString());
        card.putObject("capabilities").put("streaming", true).put("pushNotifications", false).put("stateTransitionHistory", false);
        card.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "A Castellan API token with the operator role");
        card.putArray("security").addObject().putArray("bearer");
        card.putArray("defaultInputModes").add("text/plain").add("application/json");
        card.putArray("defaultOutputModes").add("text/plain");
        ObjectNode skill = card.putArray("skills").addObject().put("id", process.name()).put("name", process.name())
                .put("description", process.description());
        skill.putArray("tags").add("castellan");
        card.put("supportsAuthenticatedExtendedCard", false);
        return card;
    }
}

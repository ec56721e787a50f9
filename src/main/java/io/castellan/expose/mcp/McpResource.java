package io.castellan.expose.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.audit.AuditFilter;
import io.castellan.expose.JsonRpc;
import io.castellan.platform.Json;
import io.castellan.platform.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /mcp}: Castellan as an MCP server over the streamable HTTP transport (specification
 * 2025-11-25; 2025-06-18 and 2025-03-26 clients are answered in theirs). Each process whose
 * manifest says {@code expose: {mcp: true}} is a tool; a call runs one invocation and answers its
 * reply. Stateless: no session id, no server-initiated stream (GET answers 405), so any server of a
 * fleet answers any request. Needs an operator token.
 */
@Path("/")
@Allowed(Role.OPERATOR)
public class McpResource {

    static final String EVENT_STREAM = "text/event-stream";

    @Inject
    private McpMethods methods;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "One JSON-RPC message of the Model Context Protocol (operator)")
    public Response post(String body, @HeaderParam(HttpHeaders.ACCEPT) String accept, @Context HttpServletRequest http) {
        JsonRpc.Request request;
        try {
            request = JsonRpc.read(body);
        } catch (JsonRpc.Failure e) {
            http.setAttribute(AuditFilter.ACTION, "(unreadable)");
            return JsonRpc.response(400, JsonRpc.error(null, e.code(), e.getMessage()));
        }
        // one path, many methods: the audit log records the call of a tool, and nothing that only reads
        if ("tools/call".equals(request.method())) {
            http.setAttribute(AuditFilter.ACTION, request.method());
            http.setAttribute(AuditFilter.PROCESS, request.params().path("name").asText(null));
        } else {
            http.setAttribute(AuditFilter.READ_ONLY, Boolean.TRUE);
        }
        if (request.isNotification() || request.method() == null) {
            // notifications (initialized, cancelled) and responses: nothing to answer
            return Response.accepted().build();
        }
        try {
            return methods.answer(request, accept != null && accept.contains(EVENT_STREAM));
        } catch (JsonRpc.Failure e) {
            return JsonRpc.response(200, JsonRpc.error(request.id(), e.code(), e.getMessage()));
        }
    }

    @GET
    @Operation(summary = "Not offered: this server sends nothing unasked (405)")
    public Response stream() {
        return notAllowed("this MCP server sends no messages unasked: there is no stream to open (POST a JSON-RPC request instead)");
    }

    @DELETE
    @Operation(summary = "Not offered: this server keeps no sessions (405)")
    public Response end() {
        return notAllowed("this MCP server keeps no sessions: there is none to end");
    }


    private static Response notAllowed(String detail) {
        return Response.fromResponse(Problem.response(405, "Method Not Allowed", detail)).header("Allow", "POST").build();
    }
}

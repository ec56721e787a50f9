package io.castellan.expose.a2a;

import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.audit.AuditFilter;
import io.castellan.expose.ExposedProcess;
import io.castellan.expose.ExposedProcesses;
import io.castellan.expose.JsonRpc;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /a2a/{name}}: an exposed process as an A2A agent (protocol 0.3.0, JSON-RPC
 * transport): {@code message/send}, {@code message/stream}, {@code tasks/get},
 * {@code tasks/cancel} and {@code tasks/resubscribe}. A task is an invocation. Needs an operator token.
 */
@Path("{name}")
@Allowed(Role.OPERATOR)
public class A2aResource {

    private static final java.util.Set<String> CHANGES = java.util.Set.of("message/send", "message/stream", "tasks/cancel");

    @Inject
    private ExposedProcesses exposed;

    @Inject
    private A2aMethods methods;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "One JSON-RPC message of the A2A protocol to an exposed process (operator)")
    public Response post(@PathParam("name") String name, String body, @Context HttpServletRequest http) {
        http.setAttribute(AuditFilter.PROCESS, name);
        ExposedProcess process = exposed.a2a(name).orElseThrow(() -> ProblemException.notFound("A2A agent '" + name + "'"));
        JsonRpc.Request request;
        try {
            request = JsonRpc.read(body);
        } catch (JsonRpc.Failure e) {
            http.setAttribute(AuditFilter.ACTION, "(unreadable)");
            return JsonRpc.response(400, JsonRpc.error(null, e.code(), e.getMessage()));
        }
        // one path, many methods: the audit log records what starts or cancels a task, not reads
        if (CHANGES.contains(request.method())) {
            http.setAttribute(AuditFilter.ACTION, request.method());
        } else {
            http.setAttribute(AuditFilter.READ_ONLY, Boolean.TRUE);
        }
        if (request.isNotification() || request.method() == null) {
            return Response.accepted().build();
        }
        try {
            return methods.answer(process, request);
        } catch (JsonRpc.Failure e) {
            return JsonRpc.response(200, JsonRpc.error(request.id(), e.code(), e.getMessage()));
        }
    }

}

package io.castellan.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * A caller's W3C {@code traceparent} made current while its request is handled: a trigger it sends
 * (an invocation posted through the API, a webhook, an MCP tool call, an A2A message) is accepted
 * in the caller's trace, so the caller's own tracing shows the agent's run under its request. A
 * malformed header is ignored, as W3C Trace Context says.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class TraceContextFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String SCOPE = TraceContextFilter.class.getName() + ".scope";

    @Inject
    private Tracing tracing;

    @Override
    public void filter(ContainerRequestContext request) {
        String traceParent = request.getHeaderString("traceparent");
        if (traceParent == null || !tracing.on()) {
            return;
        }
        Context caller = TraceParents.context(traceParent);
        if (caller != Context.root()) {
            request.setProperty(SCOPE, caller.makeCurrent());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(SCOPE) instanceof Scope scope) {
            request.removeProperty(SCOPE);
            scope.close();
        }
    }
}

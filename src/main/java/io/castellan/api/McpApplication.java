package io.castellan.api;

import io.castellan.access.BearerTokenFilter;
import io.castellan.audit.AuditFilter;
import io.castellan.expose.mcp.McpResource;
import io.castellan.platform.BodyLimit;
import io.castellan.platform.ProblemMapper;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Castellan's MCP server at {@code /mcp}: the exposed processes as tools, behind the API's bearer tokens, audited. */
@ApplicationPath("/mcp")
public class McpApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(McpResource.class, AuditFilter.class, BearerTokenFilter.class, BodyLimit.class, ProblemMapper.class, io.castellan.telemetry.TraceContextFilter.class);
    }
}

package io.castellan.api;

import io.castellan.access.BearerTokenFilter;
import io.castellan.audit.AuditFilter;
import io.castellan.expose.a2a.A2aResource;
import io.castellan.expose.a2a.AgentCardResource;
import io.castellan.platform.BodyLimit;
import io.castellan.platform.JsonProvider;
import io.castellan.platform.ProblemMapper;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The exposed processes as A2A agents at {@code /a2a/{name}}: open agent cards, JSON-RPC behind the API's bearer tokens, audited. */
@ApplicationPath("/a2a")
public class A2aApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(A2aResource.class, AgentCardResource.class, AuditFilter.class, BearerTokenFilter.class, BodyLimit.class,
                JsonProvider.class, ProblemMapper.class, io.castellan.telemetry.TraceContextFilter.class);
    }
}

package io.castellan.api;

import io.castellan.access.BearerTokenFilter;
import io.castellan.platform.ProblemMapper;
import io.castellan.telemetry.MetricsResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Metrics at {@code /metrics}, where Prometheus looks by default, behind the same bearer tokens as the API. */
@ApplicationPath("/metrics")
public class MetricsApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(MetricsResource.class, BearerTokenFilter.class, ProblemMapper.class);
    }
}

package io.castellan.api;

import io.castellan.platform.BodyLimit;
import io.castellan.platform.JsonProvider;
import io.castellan.platform.ProblemMapper;
import io.castellan.trigger.WebhookResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Signed webhooks at {@code /hooks}: no bearer token, an HMAC signature instead. */
@ApplicationPath("/hooks")
public class HooksApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(WebhookResource.class, BodyLimit.class, JsonProvider.class, ProblemMapper.class, io.castellan.telemetry.TraceContextFilter.class);
    }
}

package io.castellan.probe;

import io.castellan.workspace.SandboxCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether this server can run sandboxed workspaces. Always up (a server without bubblewrap serves
 * everything else), with the answer in its data: {@code available}, and the reason when not.
 */
@Readiness
@ApplicationScoped
public class SandboxReadiness implements HealthCheck {

    @Inject
    private SandboxCheck check;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("sandbox").up().withData("available", check.works())
                .withData("network_allow", check.works() && check.relays());
        if (!check.works()) {
            response.withData("reason", check.problem());
        }
        return response.build();
    }
}

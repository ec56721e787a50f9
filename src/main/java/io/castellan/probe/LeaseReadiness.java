package io.castellan.probe;

import io.castellan.cluster.Leases;
import io.castellan.cluster.ThisServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while this server holds its lease (renewed lately): a server that cannot reach the
 * database to renew it is about to have its invocations taken over by others, and should not be
 * sent work.
 */
@Readiness
@ApplicationScoped
public class LeaseReadiness implements HealthCheck {

    @Inject
    private Leases leases;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("lease").status(leases.holding()).withData("server", ThisServer.NAME)
                .withData("lease_seconds", leases.length().toSeconds()).build();
    }
}

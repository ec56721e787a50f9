package io.castellan.probe;

import io.castellan.secret.SecretsKeyCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when this server's secrets key opens the secrets in the database (a fleet shares one key). */
@Readiness
@ApplicationScoped
public class SecretsKeyReadiness implements HealthCheck {

    @Inject
    private SecretsKeyCheck check;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("secrets-key").status(check.matches()).build();
    }
}

package io.castellan.probe;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers, within two seconds. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Resource(lookup = "jdbc/castellan")
    private DataSource dataSource;

    @Resource
    private ManagedExecutorService executor;

    private final BoundedCheck bounded = new BoundedCheck("database");

    @Override
    public HealthCheckResponse call() {
        return bounded.call(executor, () -> {
            try (Connection connection = dataSource.getConnection()) {
                return HealthCheckResponse.named("database").status(connection.isValid(2)).build();
            } catch (Exception e) {
                return bounded.down("the database refused or did not answer");
            }
        });
    }
}

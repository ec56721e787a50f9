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

    private final BoundedCheck<Boolean> bounded = new BoundedCheck<>();

    @Override
    public HealthCheckResponse call() {
        BoundedCheck.Outcome<Boolean> outcome = bounded.call(executor, () -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(2);
            }
        });
        if (outcome.answered()) {
            return HealthCheckResponse.named("database").status(outcome.answer()).build();
        }
        return HealthCheckResponse.named("database").down().withData("error", "the database refused or did not answer: " + outcome.failure())
                .build();
    }
}

package io.castellan.probe;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the broker accepts a connection and knows the trigger queue, within two seconds. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    @Resource(lookup = "jms/castellan/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/castellan/Triggers")
    private Queue triggers;

    @Resource
    private ManagedExecutorService executor;

    private final BoundedCheck<Boolean> bounded = new BoundedCheck<>();

    @Override
    public HealthCheckResponse call() {
        BoundedCheck.Outcome<Boolean> outcome = bounded.call(executor, () -> {
            try (JMSContext context = connectionFactory.createContext()) {
                context.createBrowser(triggers).getEnumeration();
                return true;
            }
        });
        if (outcome.answered()) {
            return HealthCheckResponse.up("broker");
        }
        return HealthCheckResponse.named("broker").down().withData("error", "the broker refused or did not answer: " + outcome.failure()).build();
    }
}

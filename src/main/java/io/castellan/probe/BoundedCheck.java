package io.castellan.probe;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness check that must answer in time: a broker or a database that does not answer makes
 * its call block (the resource adapter reconnects for ever; a pool waits for a connection), and
 * the probe must say DOWN instead of hanging. The check runs on the server's managed executor and
 * is waited for at most {@link #WITHIN}; while one is still blocked, the next probe waits on it
 * again rather than starting another.
 */
final class BoundedCheck {

    static final Duration WITHIN = Duration.ofSeconds(2);

    private final String name;
    private Future<HealthCheckResponse> pending;

    BoundedCheck(String name) {
        this.name = name;
    }

    synchronized HealthCheckResponse call(ManagedExecutorService executor, Callable<HealthCheckResponse> check) {
        if (pending == null || pending.isDone()) {
            pending = executor.submit(check);
        }
        try {
            return pending.get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return down("no answer within " + WITHIN.toSeconds() + " s");
        } catch (ExecutionException e) {
            return down("the check failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        }
    }

    HealthCheckResponse down(String why) {
        return HealthCheckResponse.named(name).down().withData("error", why).build();
    }
}

package io.castellan.probe;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A readiness check that must answer in time: a broker or a database that does not answer makes
 * its call block (the resource adapter reconnects for ever; a pool waits for a connection), and
 * the probe must say DOWN instead of hanging. The check runs on the server's managed executor and
 * is waited for at most {@link #WITHIN}; while one is still blocked, the next probe waits on it
 * again rather than starting another.
 *
 * @param <T> what the check answers
 */
final class BoundedCheck<T> {

    static final Duration WITHIN = Duration.ofSeconds(2);

    /** The check's answer, or why there is none. */
    record Outcome<T>(T answer, String failure) {
        boolean answered() {
            return failure == null;
        }
    }

    private Future<T> pending;

    synchronized Outcome<T> call(ExecutorService executor, Callable<T> check) {
        if (pending == null || pending.isDone()) {
            pending = executor.submit(check);
        }
        try {
            return new Outcome<>(pending.get(WITHIN.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            return new Outcome<>(null, "no answer within " + WITHIN.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Outcome<>(null, "the check failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome<>(null, "interrupted");
        }
    }
}

package io.castellan.invocation.wait;

import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.Invocations;
import io.castellan.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ?wait=} of the invocation endpoints: the request is held until the invocation has
 * ended or the time is up (a long poll, so that a script or a quick start reads the result
 * instead of racing the agent). It reads the invocation's status from the database, so it sees an
 * invocation end on any server of a fleet; the reads back off from 5 ms to 200 ms.
 */
@ApplicationScoped
public class EndWait {

    static final Duration LONGEST = Duration.ofSeconds(60);
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,6})(ms|s|m)?");
    private static final long LONGEST_PAUSE_MS = 200;

    @Inject
    private Invocations invocations;

    /** {@code 30s}, {@code 500ms}, {@code 1m} or plain seconds; absent is no wait. At most 60 s. */
    public static Duration parse(String wait) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(wait.strip());
        if (!m.matches()) {
            throw ProblemException.invalid("wait", "must be a time such as 30s, 500ms or 1m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(LONGEST) > 0) {
            throw ProblemException.invalid("wait", "may be at most 60s");
        }
        return d;
    }

    /** True when the invocation has ended (completed, failed, cancelled or coalesced) within {@code wait}. */
    public boolean untilEnded(String id, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 5;
        while (true) {
            InvocationStatus status = invocations.statusOf(id);
            if (status == null || status.isFinal()) {
                return status != null;
            }
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(pause, leftMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
        }
    }
}

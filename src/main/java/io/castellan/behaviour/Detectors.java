package io.castellan.behaviour;

import io.castellan.manifest.HealthChecks;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The behavioural health detectors: rules over a process's recent tool calls and replies, in
 * journal order, with no model call. Each looks at the most recent observations only, so what it
 * reports is what the process is doing now.
 */
final class Detectors {

    /** A reply shorter than this counts as empty. */
    static final int EMPTY_REPLY_CHARACTERS = 10;
    static final int LOOP_REPEATS = 3;

    private Detectors() {
    }

    /** The first detector that finds the process unhealthy, checked in a fixed order. */
    static Optional<Detection> detect(HealthChecks checks, List<Observation> observations) {
        List<Observation> calls = observations.stream().filter(Observation::isToolCall).toList();
        List<Observation> replies = observations.stream().filter(o -> !o.isToolCall()).toList();
        return stuck(checks.stuckThreshold(), calls)
                .or(() -> checks.loopDetection() ? loop(calls) : Optional.empty())
                .or(() -> emptyResponses(checks.emptyResponseThreshold(), replies))
                .or(() -> errorRate(checks.errorRateWindow(), checks.errorRateThreshold(), calls));
    }

    /** The same tool with identical arguments, threshold times in a row. */
    static Optional<Detection> stuck(int threshold, List<Observation> calls) {
        if (calls.size() < threshold) {
            return Optional.empty();
        }
        List<Observation> last = last(calls, threshold);
        if (last.stream().allMatch(c -> c.sameCall(last.get(0)))) {
            return Optional.of(new Detection("stuck", "the same call " + threshold + " times in a row: " + last.get(0).call(), last));
        }
        return Optional.empty();
    }

    /** A cycle of 2 to 4 different calls, repeated three times in a row (check, fix, check, fix, ...). */
    static Optional<Detection> loop(List<Observation> calls) {
        for (int length = 2; length <= 4; length++) {
            if (calls.size() < length * LOOP_REPEATS) {
                break;
            }
            List<Observation> last = last(calls, length * LOOP_REPEATS);
            List<Observation> cycle = last.subList(0, length);
            boolean repeats = true;
            for (int i = length; i < last.size() && repeats; i++) {
                repeats = last.get(i).sameCall(cycle.get(i % length));
            }
            boolean varied = cycle.stream().anyMatch(c -> !c.sameCall(cycle.get(0)));
            if (repeats && varied) {
                String steps = cycle.stream().map(Observation::call).collect(Collectors.joining(" -> "));
                return Optional.of(new Detection("loop", "a cycle of " + length + " calls repeated " + LOOP_REPEATS + " times: " + steps, last));
            }
        }
        return Optional.empty();
    }

    /** Threshold replies in a row, each shorter than ten characters. */
    static Optional<Detection> emptyResponses(int threshold, List<Observation> replies) {
        if (replies.size() < threshold) {
            return Optional.empty();
        }
        List<Observation> last = last(replies, threshold);
        if (last.stream().allMatch(r -> r.reply() == null || r.reply().strip().length() < EMPTY_REPLY_CHARACTERS)) {
            return Optional.of(new Detection("empty_responses", threshold + " replies in a row under " + EMPTY_REPLY_CHARACTERS + " characters", last));
        }
        return Optional.empty();
    }

    /** Of the last window tool calls, at least the threshold's share failed. */
    static Optional<Detection> errorRate(int window, double threshold, List<Observation> calls) {
        if (calls.size() < window) {
            return Optional.empty();
        }
        List<Observation> last = last(calls, window);
        long failed = last.stream().filter(Observation::failed).count();
        if (failed >= Math.ceil(threshold * window - 1e-9)) {
            return Optional.of(new Detection("error_rate", failed + " of the last " + window + " tool calls failed", last));
        }
        return Optional.empty();
    }

    private static List<Observation> last(List<Observation> list, int count) {
        return list.subList(list.size() - count, list.size());
    }
}

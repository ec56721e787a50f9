package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a fleet's journal shows after one of its servers was killed: the invocations the survivor
 * took over, how soon, how often each invocation completed, and the cron's ticks around the kill.
 *
 * @param reckoning what the harness found once everything ended
 * @param killedAt when the server was killed
 * @param ticks the cron's ticks, in order
 */
record Takeover(Harness.Reckoning reckoning, Instant killedAt, List<Instant> ticks) {

    List<Map<String, Object>> takenOver() {
        return reckoning.journal().stream().filter(e -> "INVOCATION_TAKEN_OVER".equals(e.get("type"))).toList();
    }

    /** The first takeover's time, or null when there was none. */
    Instant firstTakeover() {
        return takenOver().stream().map(e -> Instant.parse((String) e.get("at"))).min(Instant::compareTo).orElse(null);
    }

    /** Prints the reckoning and the takeover, with when all had ended and the run's phases (seconds after its start). */
    void print(Instant allEnded, String phases) {
        Instant first = firstTakeover();
        reckoning.print();
        System.out.printf("taken over from the dead     %d invocations; first %s s after the kill (lease 10 s)%n", takenOver().size(),
                first == null ? "-" : String.format("%.1f", seconds(killedAt, first)));
        System.out.printf("all ended                    %.1f s after the kill%n", seconds(killedAt, allEnded));
        System.out.printf("cron ticks                   %s%n", ticks);
        System.out.printf("phases                       %s%n", phases);
    }

    /** Exactly once, each invocation completed once, taken over within the lease and a takeover period, one cron tick a minute. */
    void assertSurvived() {
        reckoning.assertExactlyOnce();
        Map<String, Long> completions = reckoning.journal().stream().filter(e -> "INVOCATION_COMPLETED".equals(e.get("type")))
                .collect(Collectors.groupingBy(e -> (String) e.get("invocationId"), Collectors.counting()));
        assertThat(completions).as("each invocation completed once").allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
        assertThat(takenOver()).as("the survivor took over what the dead server was running").isNotEmpty();
        assertThat(Duration.between(killedAt, firstTakeover())).as("taken over within the lease and a takeover period")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(ticks).as("one cron tick per minute, none twice, one after the kill").doesNotHaveDuplicates()
                .anyMatch(t -> t.isAfter(killedAt));
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("no minute missed").isEqualTo(Duration.ofMinutes(1));
        }
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}

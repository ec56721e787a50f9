package io.castellan.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A post's time orders the inbox: each one later than the one before, to the microsecond a database keeps. */
class InboxPostTimeTest {

    @Test
    void postsOneAfterAnotherGetRisingTimesEvenWithinOneMicrosecond() {
        List<Instant> times = new ArrayList<>();
        // far faster than a post: many fall in the same microsecond of the clock
        for (int i = 0; i < 10_000; i++) {
            times.add(Inbox.postTime());
        }
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).isAfter(times.get(i - 1));
        }
        assertThat(times).allSatisfy(t -> assertThat(t.truncatedTo(ChronoUnit.MICROS)).isEqualTo(t));
    }
}

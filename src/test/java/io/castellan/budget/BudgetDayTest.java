package io.castellan.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.manifest.Budget;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetDayTest {

    private static Budget resettingAt(String zone, LocalTime at) {
        Budget none = Budget.unlimited();
        return new Budget(null, null, null, null, 10, Map.of(), 0.8, none.onExceeded(), null, ZoneId.of(zone), at);
    }

    @Test
    void aDayRunsFromMidnightToMidnightInItsTimeZone() {
        BudgetDay day = BudgetDay.of(resettingAt("Europe/Berlin", LocalTime.MIDNIGHT), Instant.parse("2026-11-21T22:30:00Z"));

        assertThat(day.start()).isEqualTo(Instant.parse("2026-11-21T23:00:00Z").minusSeconds(86_400));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-11-21T23:00:00Z"));
    }

    @Test
    void beforeTheResetTimeTheDayBeganYesterday() {
        BudgetDay day = BudgetDay.of(resettingAt("UTC", LocalTime.of(6, 0)), Instant.parse("2026-11-21T05:59:59Z"));

        assertThat(day.start()).isEqualTo(Instant.parse("2026-11-20T06:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-11-21T06:00:00Z"));
    }

    @Test
    void aDayAcrossTheClockChangeIsTwentyFiveHours() {
        BudgetDay day = BudgetDay.of(resettingAt("Europe/Berlin", LocalTime.MIDNIGHT), Instant.parse("2026-10-25T12:00:00Z"));

        assertThat(day.start()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
    }
}

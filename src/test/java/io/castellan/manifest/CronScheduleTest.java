package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CronScheduleTest {

    @Test
    void aDeployedScheduleIsParsedOncePerExpressionAndZone() {
        CronSchedule first = CronSchedule.ofDeployed("7 */2 * * *", "UTC");
        assertThat(CronSchedule.ofDeployed("7 */2 * * *", "UTC")).isSameAs(first).isEqualTo(CronSchedule.parse("7 */2 * * *", "UTC"));
        assertThat(CronSchedule.ofDeployed("7 */2 * * *", "Europe/Berlin")).isNotEqualTo(first)
                .extracting(CronSchedule::timezone).isEqualTo("Europe/Berlin");
    }

    @Test
    void splitsTheFiveFieldsForACalendarTimer() {
        CronSchedule s = CronSchedule.parse("*/5 9-17 * * MON-FRI", "UTC");

        assertThat(s.minute()).isEqualTo("*/5");
        assertThat(s.hour()).isEqualTo("9-17");
        assertThat(s.dayOfMonth()).isEqualTo("*");
        assertThat(s.month()).isEqualTo("*");
        assertThat(s.dayOfWeek()).isEqualTo("MON-FRI");
    }

    @Test
    void expandsIncrementsWhereCalendarTimersDoNotAllowThem() {
        CronSchedule s = CronSchedule.parse("0 0 */10 1-12/3 1-5/2", "UTC");

        assertThat(s.dayOfMonth()).isEqualTo("1,11,21,31");
        assertThat(s.month()).isEqualTo("1,4,7,10");
        assertThat(s.dayOfWeek()).isEqualTo("1,3,5");
    }

    @Test
    void refusesTheWrongNumberOfFields() {
        assertThatThrownBy(() -> CronSchedule.parse("* * * *", "UTC")).hasMessageContaining("five fields");
        assertThatThrownBy(() -> CronSchedule.parse("0 * * * * *", "UTC")).hasMessageContaining("five fields");
    }

    @Test
    void refusesValuesOutOfRange() {
        assertThatThrownBy(() -> CronSchedule.parse("0 24 * * *", "UTC")).hasMessageContaining("not a valid cron");
    }

    @Test
    void findsTheNextAndTheLatestTickInItsTimeZone() {
        CronSchedule s = CronSchedule.parse("30 9 * * MON-FRI", "Europe/Berlin");
        // Friday 2026-11-27 08:30 UTC is 09:30 in Berlin
        assertThat(s.next(java.time.Instant.parse("2026-11-27T08:00:00Z"))).contains(java.time.Instant.parse("2026-11-27T08:30:00Z"));
        assertThat(s.next(java.time.Instant.parse("2026-11-27T08:30:00Z"))).contains(java.time.Instant.parse("2026-11-30T08:30:00Z"));
        assertThat(s.latest(java.time.Instant.parse("2026-11-29T12:00:00Z"))).contains(java.time.Instant.parse("2026-11-27T08:30:00Z"));
        assertThat(s.latest(java.time.Instant.parse("2026-11-30T08:30:40Z"))).contains(java.time.Instant.parse("2026-11-30T08:30:00Z"));
    }
}

package io.castellan.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WaitToolTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00.123456789Z");

    private static JsonNode args(String json) {
        return Json.read(json);
    }

    @Test
    void secondsAndUntilGiveTheEndToTheMillisecond() {
        assertThat(WaitTool.until(args("{\"seconds\": 90}"), NOW)).isEqualTo(Instant.parse("2026-11-30T08:01:30.123Z"));
        assertThat(WaitTool.until(args("{\"seconds\": 1.5}"), NOW)).isEqualTo(Instant.parse("2026-11-30T08:00:01.623Z"));
        assertThat(WaitTool.until(args("{\"until\": \"2026-12-01T10:00:00+01:00\"}"), NOW)).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
    }

    @Test
    void aTimePastEndsNow() {
        assertThat(WaitTool.until(args("{\"until\": \"2020-01-01T00:00:00Z\"}"), NOW)).isEqualTo(Instant.parse("2026-11-30T08:00:00.123Z"));
        assertThat(WaitTool.until(args("{\"seconds\": 0}"), NOW)).isEqualTo(Instant.parse("2026-11-30T08:00:00.123Z"));
    }

    @Test
    void refusesWhatItCannotWaitFor() {
        assertThatThrownBy(() -> WaitTool.until(args("{}"), NOW)).hasMessageContaining("not neither");
        assertThatThrownBy(() -> WaitTool.until(args("{\"seconds\": 1, \"until\": \"2026-12-01T00:00:00Z\"}"), NOW)).hasMessageContaining("not both");
        assertThatThrownBy(() -> WaitTool.until(args("{\"seconds\": -1}"), NOW)).hasMessageContaining("from 0 to 2592000");
        assertThatThrownBy(() -> WaitTool.until(args("{\"seconds\": \"10\"}"), NOW)).hasMessageContaining("from 0 to 2592000");
        assertThatThrownBy(() -> WaitTool.until(args("{\"seconds\": 2592001}"), NOW)).hasMessageContaining("30 days");
        assertThatThrownBy(() -> WaitTool.until(args("{\"until\": \"tomorrow\"}"), NOW)).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> WaitTool.until(args("{\"until\": \"2026-12-31T00:00:01Z\"}"), NOW)).hasMessageContaining("at most 30 days");
    }
}

package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Version 7 UUIDs: their fields, their order as text, and that they do not repeat. */
class TimeOrderedIdsTest {

    @Test
    void anIdIsAVersion7UuidOfTheRfcVariantCarryingItsMillisecond() {
        long millis = 1_796_000_000_123L;
        UUID id = TimeOrderedIds.at(millis);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsText() {
        List<String> ids = new ArrayList<>();
        for (long millis = 1_796_000_000_000L; millis < 1_796_000_000_000L + 5_000; millis += 7) {
            ids.add(TimeOrderedIds.at(millis).toString());
        }
        assertThat(ids).isSorted();
        // across a change in the number of hex digits' leading value, too (0x...fff to 0x...000)
        assertThat(TimeOrderedIds.at(0x0FFF_FFFF_FFFFL).toString()).isLessThan(TimeOrderedIds.at(0x1000_0000_0000L).toString());
    }

    @Test
    void idsDoNotRepeatWithinOneMillisecond() {
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(TimeOrderedIds.at(1_796_000_000_000L).toString());
        }
        assertThat(seen).hasSize(100_000);
        assertThat(TimeOrderedIds.next()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}

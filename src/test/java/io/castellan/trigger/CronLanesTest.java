package io.castellan.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CronLanesTest {

    @Test
    void aMinuteOfOneBatchKeepsOneLaneInOrder() {
        List<CronFiring.Due> due = dues(CronFiring.BATCH, 7);
        List<List<String>> lanes = CronLanes.split(due, 2);
        assertThat(lanes).hasSize(1);
        assertThat(lanes.get(0)).containsExactlyElementsOf(due.stream().map(CronFiring.Due::id).toList());
    }

    @Test
    void aBigMinuteIsSharedByProcessEachLaneInTheMinutesOrder() {
        // three schedules per process, their processes interleaved: the order a due query gives
        List<CronFiring.Due> due = dues(3 * CronFiring.BATCH, CronFiring.BATCH);
        List<List<String>> lanes = CronLanes.split(due, 2);

        assertThat(lanes).hasSize(2);
        assertThat(lanes.get(0)).isNotEmpty();
        assertThat(lanes.get(1)).isNotEmpty();
        List<String> all = new ArrayList<>();
        lanes.forEach(all::addAll);
        assertThat(all).as("every schedule in exactly one lane").containsExactlyInAnyOrderElementsOf(due.stream().map(CronFiring.Due::id).toList());

        Map<String, Integer> laneOfProcess = new HashMap<>();
        Map<String, String> processOf = new HashMap<>();
        due.forEach(d -> processOf.put(d.id(), d.process()));
        for (int lane = 0; lane < lanes.size(); lane++) {
            for (String id : lanes.get(lane)) {
                Integer before = laneOfProcess.putIfAbsent(processOf.get(id), lane);
                assertThat(before == null ? lane : before).as("all of a process's schedules in one lane").isEqualTo(lane);
            }
            List<Integer> positions = lanes.get(lane).stream().map(id -> Integer.parseInt(id.substring(1))).toList();
            assertThat(positions).as("a lane keeps the minute's order").isSorted();
        }
    }

    @Test
    void nothingDueIsNoLane() {
        assertThat(CronLanes.split(List.of(), 2)).isEmpty();
    }

    /** {@code count} due schedules ids s0, s1, ... (their order), over {@code processes} processes in turn. */
    private static List<CronFiring.Due> dues(int count, int processes) {
        return IntStream.range(0, count).mapToObj(i -> new CronFiring.Due("s" + i, "process-" + (i % processes))).toList();
    }
}

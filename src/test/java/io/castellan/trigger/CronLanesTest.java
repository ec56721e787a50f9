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
        // three schedules per process, in the due query's order (by id: a process's together), and one
        // process whose older schedule (missed) comes first and its other two much later
        List<CronFiring.Due> due = new ArrayList<>();
        due.add(new CronFiring.Due("s0", "process-late"));
        for (int i = 1; i < 3 * CronFiring.BATCH; i++) {
            due.add(new CronFiring.Due("s" + i, "process-" + String.format("%04d", i / 3)));
        }
        due.add(new CronFiring.Due("s" + 3 * CronFiring.BATCH, "process-late"));
        due.add(new CronFiring.Due("s" + (3 * CronFiring.BATCH + 1), "process-late"));
        List<List<String>> lanes = CronLanes.split(due, 2);

        assertThat(lanes).hasSize(2);
        List<String> all = new ArrayList<>();
        lanes.forEach(all::addAll);
        assertThat(all).as("every schedule in exactly one lane").containsExactlyInAnyOrderElementsOf(due.stream().map(CronFiring.Due::id).toList());
        assertThat(lanes.get(0).size()).as("the lanes share the minute about evenly").isBetween(all.size() / 2 - 5, all.size() / 2 + 5);

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
        assertThat(laneOfProcess.get("process-late")).as("a process goes where it first comes").isZero();
        // neighbours together: the first lane has the first part of the minute's processes, the second the rest
        String lastOfFirst = lanes.get(0).stream().map(processOf::get).filter(p -> !p.equals("process-late")).max(String::compareTo).orElseThrow();
        String firstOfSecond = lanes.get(1).stream().map(processOf::get).min(String::compareTo).orElseThrow();
        assertThat(lastOfFirst).as("each lane a run of neighbouring processes").isLessThan(firstOfSecond);
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

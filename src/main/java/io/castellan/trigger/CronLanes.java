package io.castellan.trigger;

import java.util.ArrayList;
import java.util.List;

/**
 * How a big minute's due schedules are shared among the lanes that fire them at once: by process,
 * so that two lanes never wait for each other's lock on one process, and each lane keeps the
 * schedules' order (oldest first). A minute of no more than one batch keeps one lane: a second
 * thread would only add its start.
 */
final class CronLanes {

    private CronLanes() {
    }

    /** The due schedules' ids, one list per lane (none when nothing is due). */
    static List<List<String>> split(List<CronFiring.Due> due, int lanes) {
        int count = due.size() <= CronFiring.BATCH ? 1 : Math.max(1, lanes);
        List<List<String>> split = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            split.add(new ArrayList<>());
        }
        for (CronFiring.Due one : due) {
            split.get(Math.floorMod(one.process().hashCode(), count)).add(one.id());
        }
        split.removeIf(List::isEmpty);
        return split;
    }
}

package io.castellan.trigger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a big minute's due schedules are shared among the lanes that fire them at once: by process,
 * so that two lanes never wait for each other's lock on one process, and each lane keeps the
 * schedules' order (oldest first, then by id, which begins with the process's name). Each lane
 * takes a run of neighbouring processes (the first lane the first part of the minute, and so on),
 * not processes picked by hash: a batch of a lane then falls on neighbouring rows of every index
 * that leads with the process's name (the journal's key, the invocations', the journal counters',
 * the processes' own), and each commit rewrites fewer of their leaves (by hash, a lane's batch
 * lay among the other lanes' processes, on as many times more leaves as there are lanes). A minute
 * of no more than one batch keeps one lane: a second thread would only add its start.
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
        // a process goes to the lane of the part of the minute where it first comes: its later
        // schedules (an older one missed, a second trigger) follow it there
        Map<String, Integer> laneOf = new HashMap<>();
        for (int i = 0; i < due.size(); i++) {
            CronFiring.Due one = due.get(i);
            int part = (int) ((long) i * count / due.size());
            split.get(laneOf.computeIfAbsent(one.process(), p -> part)).add(one.id());
        }
        split.removeIf(List::isEmpty);
        return split;
    }
}

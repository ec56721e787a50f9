package io.castellan.trigger;

import io.castellan.cluster.ClusterJobs;
import io.castellan.cluster.Leases;
import io.castellan.invocation.execution.Executions;
import io.castellan.manifest.TriggerSpec;
import io.castellan.manifest.WatchRoots;
import io.castellan.platform.ProblemException;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scans every watched directory once a second and compares what it finds with what its watch last
 * saw. A difference is a change (created, modified, deleted) once the file has stayed the same for
 * the trigger's {@code debounce}; then it is handed over once ({@link FileWatchStore#settle}). A
 * poll rather than the file system's notifications: it sees the same on every file system, and
 * the comparison with what was last seen is also what finds the changes made while the server was
 * down. Symbolic links are not followed; a directory that is missing is skipped, not emptied. In a
 * fleet, one server watches (the role is held in the database); another takes over when it stops
 * renewing it, and finds what changed meanwhile by the same comparison.
 */
@Singleton
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class FileWatcher {

    private static final Logger LOG = Logger.getLogger(FileWatcher.class.getName());
    static final String ROLE = "file-watcher";
    /** A change seen but not yet settled: the file's state when it was first seen so, and since when. */
    private record Candidate(TriggerSpec.Files.Change change, FileState state, Instant since) {
    }

    @Inject
    private FileWatchList watches;

    @Inject
    private FileWatchStore store;

    @Inject
    private Executions executions;

    @Inject
    private ClusterJobs jobs;

    @Inject
    private Leases leases;

    /** By watch: each file's state as last handed over (null: gone). */
    private final Map<String, Map<String, FileState>> seen = new HashMap<>();
    private final Map<String, Candidate> pending = new HashMap<>();
    private final Set<String> unavailable = new HashSet<>();
    private List<Path> realRoots;
    /** A scan that outlasts its second is not joined by the next one (which would share its maps): that one is skipped. */
    private final AtomicBoolean scanning = new AtomicBoolean();

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void scan() {
        if (executions.draining() || !scanning.compareAndSet(false, true)) {
            return;
        }
        try {
            List<FileWatchList.Watch> active = watches.active();
            if (active.isEmpty() || !watching()) {
                // what this server saw is read again from the store when the role comes (back) to it
                seen.clear();
                pending.clear();
                return;
            }
            scanAll(active);
        } finally {
            scanning.set(false);
        }
    }

    /**
     * Whether this server is the fleet's watcher: one server scans the watched directories, and
     * another takes the role over once it has not renewed it for a lease's length.
     */
    private boolean watching() {
        try {
            return jobs.hold(ROLE, leases.length());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Files: cannot tell whether this server watches; not this second", e);
            return false;
        }
    }

    private void scanAll(List<FileWatchList.Watch> watching) {
        Set<String> active = new HashSet<>();
        for (FileWatchList.Watch watch : watching) {
            active.add(watch.key());
            try {
                scan(watch);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Watching {0} for process {1} failed; trying again in a second: {2}",
                        new Object[]{watch.trigger().path(), watch.process(), e.getMessage()});
            }
        }
        // a watch that ended (process stopped, deleted, redeployed without it) is read again if it comes back
        seen.keySet().retainAll(active);
        pending.keySet().removeIf(key -> !active.contains(key.substring(0, key.lastIndexOf('\u0000'))));
    }

    private void scan(FileWatchList.Watch watch) {
        TriggerSpec.Files trigger = watch.trigger();
        Map<String, FileState> now = list(watch);
        if (now == null) {
            return;
        }
        Map<String, FileState> last = seen.get(watch.key());
        if (last == null) {
            last = store.seen(watch.process(), trigger.path());
            if (last == null) {
                store.begin(watch.process(), trigger.path(), now);
                last = new HashMap<>(now);
            }
            seen.put(watch.key(), last);
        }
        Instant at = Instant.now();
        Set<String> files = new HashSet<>(last.keySet());
        files.addAll(now.keySet());
        for (String file : files) {
            FileState current = now.get(file);
            FileState before = last.get(file);
            TriggerSpec.Files.Change change = current != null
                    ? (before == null ? TriggerSpec.Files.Change.CREATED : current.equals(before) ? null : TriggerSpec.Files.Change.MODIFIED)
                    : (before != null ? TriggerSpec.Files.Change.DELETED : null);
            String key = watch.key() + '\u0000' + file;
            if (change == null) {
                pending.remove(key);
                continue;
            }
            Candidate candidate = pending.get(key);
            if (candidate == null || candidate.change() != change || !Objects.equals(candidate.state(), current)) {
                pending.put(key, new Candidate(change, current, at));
            } else if (Duration.between(candidate.since(), at).compareTo(trigger.debounce()) >= 0) {
                try {
                    store.settle(watch.process(), trigger, file, change, current, before);
                    last.put(file, current);
                    pending.remove(key);
                } catch (ProblemException e) {
                    // the process stopped meanwhile: the change stays unsettled until it takes triggers again
                    LOG.log(Level.FINE, "A change of {0} was not handed to {1}: {2}", new Object[]{file, watch.process(), e.getMessage()});
                }
            }
        }
    }

    /** The matching regular files in the watched directory now; null when it cannot be read. */
    private Map<String, FileState> list(FileWatchList.Watch watch) {
        try {
            // a directory under a root may be a link to elsewhere: what it really is must be under a root too
            Path real = watch.trigger().directory().toRealPath();
            if (roots().stream().noneMatch(real::startsWith)) {
                noteUnavailable(watch, "it resolves to " + real + ", outside the watch roots");
                return null;
            }
            Map<String, FileState> files = FileListing.of(watch.trigger());
            unavailable.remove(watch.key());
            return files;
        } catch (NoSuchFileException e) {
            noteUnavailable(watch, "the directory does not exist");
        } catch (IOException e) {
            noteUnavailable(watch, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return null;
    }

    /** The watch roots as the file system resolves them, read once. */
    private List<Path> roots() {
        if (realRoots == null) {
            realRoots = WatchRoots.configured().stream().map(root -> {
                try {
                    return root.toRealPath();
                } catch (IOException e) {
                    return root;
                }
            }).toList();
        }
        return realRoots;
    }

    /** Said once per watch, not every second. */
    private void noteUnavailable(FileWatchList.Watch watch, String why) {
        if (unavailable.add(watch.key())) {
            LOG.log(Level.WARNING, "Process {0} watches {1}, which cannot be read ({2}); its watch waits until it can",
                    new Object[]{watch.process(), watch.trigger().path(), why});
        }
    }
}

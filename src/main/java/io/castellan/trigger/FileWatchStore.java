package io.castellan.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.manifest.TriggerSpec;
import io.castellan.platform.Json;
import io.castellan.process.ProcessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The file watches' memory in the database: each watch's baseline and what it last saw of each
 * file. A settled change is handed over (an invocation accepted, its dedup key naming the file,
 * the change, size and time) in the transaction that records it as seen, so it is handed over
 * once, across restarts.
 */
@ApplicationScoped
class FileWatchStore {

    private static final Logger LOG = Logger.getLogger(FileWatchStore.class.getName());

    @PersistenceContext
    private EntityManager em;

    @Inject
    private TriggerIntake intake;

    /** What the watch last saw, by file; null when it has no baseline yet. */
    @Transactional
    Map<String, FileState> seen(String process, String pattern) {
        String watchId = FileWatch.idOf(process, pattern);
        if (em.find(FileWatch.class, watchId) == null) {
            return null;
        }
        Map<String, FileState> seen = new HashMap<>();
        em.createQuery("select f from SeenFile f where f.watchId = :w", SeenFile.class).setParameter("w", watchId)
                .getResultList().forEach(f -> seen.put(f.filePath(), f.state()));
        return seen;
    }

    private void baseline(String process, TriggerSpec.Files trigger) {
        try {
            begin(process, trigger.path(), FileListing.of(trigger));
        } catch (IOException e) {
            // a directory that does not exist yet: the first scan that can read it takes the baseline
            LOG.log(Level.FINE, "No baseline yet for {0}: {1}", new Object[]{trigger.path(), e.getMessage()});
        }
    }

    /** The watch's first look: the files there now are its baseline, not changes. */
    @Transactional
    void begin(String process, String pattern, Map<String, FileState> files) {
        String watchId = FileWatch.idOf(process, pattern);
        if (em.find(FileWatch.class, watchId, LockModeType.PESSIMISTIC_WRITE) != null) {
            return;
        }
        Instant now = Instant.now();
        em.persist(new FileWatch(process, pattern, now));
        files.forEach((file, state) -> em.persist(new SeenFile(FileWatch.hash(watchId + "\n" + file), watchId, process, file, state, now)));
    }

    /**
     * Records a settled change as seen and, when the trigger takes that kind of change, hands it
     * over as an invocation of kind {@code file}.
     *
     * @param state the file now, or null when it is gone; {@code last} what was seen before (null if nothing)
     */
    @Transactional
    void settle(String process, TriggerSpec.Files trigger, String file, TriggerSpec.Files.Change change, FileState state, FileState last) {
        String watchId = FileWatch.idOf(process, trigger.path());
        String id = FileWatch.hash(watchId + "\n" + file);
        Instant now = Instant.now();
        SeenFile seen = em.find(SeenFile.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (seen == null) {
            em.persist(new SeenFile(id, watchId, process, file, state, now));
        } else {
            seen.saw(state, now);
        }
        if (!trigger.events().contains(change)) {
            return;
        }
        FileState described = state != null ? state : last;
        String event = change.name().toLowerCase(Locale.ROOT);
        ObjectNode payload = Json.object().put("path", file).put("event", event).put("pattern", trigger.path());
        if (described != null) {
            payload.put("size", described.size()).put("modified_at", described.modifiedAt().toString());
        }
        String dedup = "file:" + FileWatch.hash(id + "\n" + event + "\n" + (described == null ? "" : described.size() + "\n" + described.modifiedAt()));
        intake.accept(process, TriggerKind.FILE, file.length() > 300 ? file.substring(file.length() - 300) : file, payload, dedup);
    }

    /**
     * In the deploy's (or update's) transaction: each new watch's baseline is what its directory
     * holds then, so a file written after the deploy answered is a change, whenever the first scan runs.
     */
    void follow(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DEPLOYED || event.kind() == ProcessEvent.Kind.UPDATED) {
            event.manifest().triggers().stream().filter(TriggerSpec.Files.class::isInstance).map(TriggerSpec.Files.class::cast)
                    .forEach(trigger -> baseline(event.process(), trigger));
        }
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            em.createQuery("delete from SeenFile f where f.processName = :p").setParameter("p", event.process()).executeUpdate();
            em.createQuery("delete from FileWatch w where w.processName = :p").setParameter("p", event.process()).executeUpdate();
        }
    }
}

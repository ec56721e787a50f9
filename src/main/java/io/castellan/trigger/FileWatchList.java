package io.castellan.trigger;

import io.castellan.manifest.Manifest;
import io.castellan.manifest.TriggerSpec;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The files triggers of the fleet, kept in memory for the scanner: read from the database once,
 * then following each committed deploy, update, state change and delete. Only processes that take
 * triggers are watched; a stopped one's changes are found when it starts again.
 */
@ApplicationScoped
class FileWatchList {

    private static final Logger LOG = Logger.getLogger(FileWatchList.class.getName());

    /** One watched pattern of one process. */
    record Watch(String process, TriggerSpec.Files trigger) {
        String key() {
            return process + "\n" + trigger.path();
        }
    }

    private record Watched(List<TriggerSpec.Files> triggers, ProcessState state) {
    }

    private final Map<String, Watched> byProcess = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    @Inject
    private Processes processes;

    /** The watches to scan now. */
    List<Watch> active() {
        if (!loaded) {
            load();
        }
        List<Watch> watches = new ArrayList<>();
        byProcess.forEach((process, watched) -> {
            if (watched.state().acceptsTriggers()) {
                watched.triggers().forEach(t -> watches.add(new Watch(process, t)));
            }
        });
        return watches;
    }

    private synchronized void load() {
        if (loaded) {
            return;
        }
        // only manifests that say "files" can have a files trigger: a fleet of thousands is not parsed at every start
        for (AgentProcess process : processes.mentioning("files")) {
            try {
                put(process.name(), processes.manifest(process.name(), process.version()), process.state());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Cannot watch the files of process {0}: {1}", new Object[]{process.name(), e.getMessage()});
            }
        }
        loaded = true;
    }

    private void put(String process, Manifest manifest, ProcessState state) {
        List<TriggerSpec.Files> triggers = manifest.triggers().stream()
                .filter(TriggerSpec.Files.class::isInstance).map(TriggerSpec.Files.class::cast).toList();
        if (triggers.isEmpty()) {
            byProcess.remove(process);
        } else {
            byProcess.put(process, new Watched(triggers, state));
        }
    }

    void follow(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProcessEvent event) {
        switch (event.kind()) {
            case DELETED -> byProcess.remove(event.process());
            case STATE_CHANGED -> byProcess.computeIfPresent(event.process(), (p, w) -> new Watched(w.triggers(), event.to()));
            default -> put(event.process(), event.manifest(), event.to());
        }
    }
}

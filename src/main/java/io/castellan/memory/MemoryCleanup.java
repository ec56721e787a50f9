package io.castellan.memory;

import io.castellan.process.ProcessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Removes a deleted process's memories with it (a fork made before keeps its own copies). */
@ApplicationScoped
public class MemoryCleanup {

    @Inject
    private Memories memories;

    void onDelete(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            memories.deleteAll(event.process());
        }
    }
}

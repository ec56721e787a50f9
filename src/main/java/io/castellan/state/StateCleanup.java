package io.castellan.state;

import io.castellan.process.ProcessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Removes a deleted process's state with it. */
@ApplicationScoped
public class StateCleanup {

    @Inject
    private States states;

    void onDelete(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            states.deleteAll(event.process());
        }
    }
}

package io.castellan.journal;

import io.castellan.platform.Json;
import io.castellan.process.ProcessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Records every change of a process in its journal, in the transaction that made it. */
@ApplicationScoped
public class LifecycleJournal {

    @Inject
    private Journal journal;

    void record(@Observes ProcessEvent event) {
        switch (event.kind()) {
            case DEPLOYED -> journal.append(event.process(), JournalType.PROCESS_DEPLOYED, null,
                    Json.object().put("version", event.version()).put("state", event.to().name()).put("by", event.actor()));
            case UPDATED -> journal.append(event.process(), JournalType.PROCESS_UPDATED, null,
                    Json.object().put("version", event.version()).put("by", event.actor()));
            case STATE_CHANGED -> journal.append(event.process(), JournalType.PROCESS_STATE_CHANGED, null,
                    Json.object().put("from", event.from().name()).put("to", event.to().name()).put("by", event.actor()));
            case DELETED -> journal.deleteAll(event.process());
        }
    }
}

package io.castellan.conversation;

import io.castellan.process.ProcessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Removes a deleted process's conversation with it. */
@ApplicationScoped
public class ConversationCleanup {

    @Inject
    private Conversations conversations;

    void onDelete(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            conversations.deleteAll(event.process());
        }
    }
}

package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/** One reply of the scripted model: a tool call (tool and argument templates) or a final reply. */
public record ScriptEntry(String tool, JsonNode args, String reply) {

    public boolean isReply() {
        return reply != null;
    }

    /**
     * Whether this entry's templates may read the process's state ({@code {{state.key}}}, or a
     * section over it): the engine reads the state for a scripted turn only when this says so.
     * Errs on the side of reading: any mention of "state" counts.
     */
    public boolean readsState() {
        return reply != null ? reply.contains("state") : args != null && args.toString().contains("state");
    }
}

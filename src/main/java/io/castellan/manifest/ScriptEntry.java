package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/** One reply of the scripted model: a tool call (tool and argument templates) or a final reply. */
public record ScriptEntry(String tool, JsonNode args, String reply) {

    public boolean isReply() {
        return reply != null;
    }
}

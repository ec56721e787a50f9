package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;

/** Something an agent can do. Castellan executes it when the model asks, and journals the result. */
public interface Tool {

    String name();

    /**
     * True when the tool only touches Castellan's own database: it then runs inside the
     * transaction that records its result, so it happens exactly once.
     */
    default boolean transactional() {
        return false;
    }

    /** @throws ToolException for a failure the model should hear about */
    JsonNode execute(ToolContext context, JsonNode args);
}

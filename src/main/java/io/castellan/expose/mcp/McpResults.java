package io.castellan.expose.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.platform.Json;
import java.time.Duration;

/** A tools/call result from an invocation: its reply, or why there is none, as the tool's error. */
final class McpResults {

    private McpResults() {
    }

    static ObjectNode of(Invocation invocation, Duration waited) {
        ObjectNode result;
        if (invocation.status() == InvocationStatus.COMPLETED) {
            result = text(invocation.reply() == null ? "" : invocation.reply(), false);
        } else if (invocation.status().isFinal()) {
            result = text("the invocation " + invocation.status().name().toLowerCase(java.util.Locale.ROOT)
                    + (invocation.error() == null ? "" : ": " + invocation.error()), true);
        } else {
            result = text("the invocation is still " + invocation.status().name().toLowerCase(java.util.Locale.ROOT) + " after "
                    + waited.toSeconds() + " s; GET /api/v1/invocations/" + invocation.id() + "?wait=60s gives its end", true);
        }
        // which invocation answered: for the journal, the trace and the API
        result.putObject("_meta").put("castellan/invocation", invocation.id()).put("castellan/status", invocation.status().name());
        return result;
    }

    static ObjectNode error(String text) {
        return text(text, true);
    }

    private static ObjectNode text(String text, boolean isError) {
        ObjectNode result = Json.object();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", isError);
        return result;
    }
}

package io.castellan.expose.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.expose.ExposedCalls;
import io.castellan.expose.JsonRpc;
import io.castellan.invocation.Invocation;
import io.castellan.journal.JournalEntry;
import io.castellan.platform.Json;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A tools/call answered as a stream of Server-Sent Events, for a caller that sent a progress
 * token: a {@code notifications/progress} for each step the invocation journals (progress counts
 * them; the message says what it was), then the call's response. Closing the stream early stops
 * only the following, not the invocation.
 */
final class McpProgressStream implements StreamingOutput {

    private final ExposedCalls calls;
    private final JsonNode requestId;
    private final JsonNode progressToken;
    private final String invocationId;
    private final Duration wait;

    McpProgressStream(ExposedCalls calls, JsonNode requestId, JsonNode progressToken, String invocationId, Duration wait) {
        this.calls = calls;
        this.requestId = requestId;
        this.progressToken = progressToken;
        this.invocationId = invocationId;
        this.wait = wait;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        int[] progress = {0};
        Invocation end;
        try {
            end = calls.follow(invocationId, wait, entry -> send(out, progress(++progress[0], entry)));
        } catch (UncheckedIOException e) {
            // the caller went away; the invocation runs on
            return;
        }
        send(out, JsonRpc.result(requestId, McpResults.of(end, wait)));
    }

    private ObjectNode progress(int count, JournalEntry entry) {
        ObjectNode params = Json.object();
        params.set("progressToken", progressToken);
        params.put("progress", count).put("message", entry.type().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        return JsonRpc.notification("notifications/progress", params);
    }

    private static void send(OutputStream out, JsonNode message) {
        try {
            out.write(("event: message\ndata: " + Json.write(message) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

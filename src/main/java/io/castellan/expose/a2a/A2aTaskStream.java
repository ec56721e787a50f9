package io.castellan.expose.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.expose.ExposedCalls;
import io.castellan.expose.ExposedProcess;
import io.castellan.expose.JsonRpc;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.platform.Json;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A task followed as Server-Sent Events, each a JSON-RPC response to the one request: first the
 * task (message/stream) or its status (tasks/resubscribe), then a status-update at each change of
 * state, the reply as an artifact-update, and a last status-update with {@code final: true}.
 * Closing the stream stops the following, never the task.
 */
final class A2aTaskStream implements StreamingOutput {

    private static final long LOOK_EVERY_MS = 500;

    private final ExposedCalls calls;
    private final ExposedProcess process;
    private final JsonNode requestId;
    private final Invocation task;
    private final boolean firstTheTask;
    private final Duration wait;

    A2aTaskStream(ExposedCalls calls, ExposedProcess process, JsonNode requestId, Invocation task, boolean firstTheTask, Duration wait) {
        this.calls = calls;
        this.process = process;
        this.requestId = requestId;
        this.task = task;
        this.firstTheTask = firstTheTask;
        this.wait = wait;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        Invocation now = task;
        send(out, firstTheTask ? A2aTasks.task(now) : statusUpdate(now));
        String state = A2aTasks.state(now.status());
        if (firstTheTask && now.status().isFinal()) {
            // a resent message's task that had already ended: the task says it all, but a stream ends on a final event
            send(out, statusUpdate(now));
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!now.status().isFinal() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(LOOK_EVERY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            now = calls.find(process, task.id()).orElseThrow();
            if (!A2aTasks.state(now.status()).equals(state)) {
                state = A2aTasks.state(now.status());
                if (now.status() == InvocationStatus.COMPLETED && now.reply() != null) {
                    ObjectNode artifact = event("artifact-update", now).put("lastChunk", true).put("append", false);
                    artifact.set("artifact", A2aTasks.artifact(now));
                    send(out, artifact);
                }
                send(out, statusUpdate(now));
            }
        }
    }

    private static ObjectNode statusUpdate(Invocation invocation) {
        ObjectNode update = event("status-update", invocation);
        update.set("status", A2aTasks.status(invocation));
        update.put("final", invocation.status().isFinal());
        return update;
    }

    private static ObjectNode event(String kind, Invocation invocation) {
        return Json.object().put("kind", kind).put("taskId", invocation.id()).put("contextId", A2aTasks.contextId(invocation));
    }

    private void send(OutputStream out, JsonNode result) throws IOException {
        out.write(("data: " + Json.write(JsonRpc.result(requestId, result)) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}

package io.castellan.expose.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.platform.Json;
import java.time.Instant;

/**
 * An invocation as an A2A task: the task's id is the invocation's, its state follows the
 * invocation's status, and its one artifact is the reply.
 */
final class A2aTasks {

    private A2aTasks() {
    }

    static String state(InvocationStatus status) {
        return switch (status) {
            case QUEUED -> "submitted";
            case RUNNING, WAITING -> "working";
            case COMPLETED, COALESCED -> "completed";
            case FAILED -> "failed";
            case CANCELLED -> "canceled";
        };
    }

    static ObjectNode task(Invocation invocation) {
        ObjectNode task = Json.object().put("kind", "task").put("id", invocation.id()).put("contextId", contextId(invocation));
        task.set("status", status(invocation));
        if (invocation.status() == InvocationStatus.COMPLETED && invocation.reply() != null) {
            task.putArray("artifacts").add(artifact(invocation));
        }
        JsonNode asked = invocation.triggerPayload().get(A2aMessages.MESSAGE_KEY);
        if (asked != null) {
            task.putArray("history").add(asked);
        }
        task.putObject("metadata").put("castellan/process", invocation.processName()).put("castellan/status", invocation.status().name());
        return task;
    }

    static ObjectNode status(Invocation invocation) {
        ObjectNode status = Json.object().put("state", state(invocation.status()));
        Instant at = invocation.finishedAt() != null ? invocation.finishedAt() : invocation.startedAt() != null ? invocation.startedAt() : invocation.queuedAt();
        status.put("timestamp", at.toString());
        String said = invocation.status() == InvocationStatus.COMPLETED ? invocation.reply() : invocation.error();
        if (invocation.status().isFinal() && said != null) {
            ObjectNode message = status.putObject("message").put("kind", "message").put("role", "agent")
                    .put("messageId", invocation.id() + "-end").put("taskId", invocation.id()).put("contextId", contextId(invocation));
            message.putArray("parts").addObject().put("kind", "text").put("text", said);
        }
        return status;
    }

    static ObjectNode artifact(Invocation invocation) {
        ObjectNode artifact = Json.object().put("artifactId", invocation.id() + "-reply").put("name", "reply");
        artifact.putArray("parts").addObject().put("kind", "text").put("text", invocation.reply());
        return artifact;
    }

    static String contextId(Invocation invocation) {
        JsonNode asked = invocation.triggerPayload().path(A2aMessages.MESSAGE_KEY);
        return asked.hasNonNull("contextId") ? asked.get("contextId").asText() : invocation.id();
    }
}

package io.castellan.expose.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.expose.ExposedCalls;
import io.castellan.expose.ExposedProcess;
import io.castellan.expose.JsonRpc;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.TriggerKind;
import io.castellan.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** The A2A methods: each message starts one invocation (the same messageId again finds it), a task is an invocation. */
@ApplicationScoped
class A2aMethods {

    static final int TASK_NOT_FOUND = -32001;
    static final int TASK_NOT_CANCELABLE = -32002;
    static final int PUSH_NOT_SUPPORTED = -32003;
    /** How long a blocking message/send waits for its task to end. */
    static final Duration BLOCKING_WAIT = Duration.ofSeconds(60);
    /** How long a stream follows its task. */
    static final Duration STREAM_WAIT = Duration.ofMinutes(10);

    @Inject
    private ExposedCalls calls;

    Response answer(ExposedProcess process, JsonRpc.Request request) {
        return switch (request.method()) {
            case "message/send" -> send(process, request);
            case "message/stream" -> stream(process, request, start(process, request), true);
            case "tasks/get" -> ok(request, A2aTasks.task(task(process, request.params())));
            case "tasks/cancel" -> ok(request, A2aTasks.task(cancel(process, request.params())));
            case "tasks/resubscribe" -> stream(process, request, task(process, request.params()), false);
            case "tasks/pushNotificationConfig/set", "tasks/pushNotificationConfig/get", "tasks/pushNotificationConfig/list",
                 "tasks/pushNotificationConfig/delete" -> throw new JsonRpc.Failure(PUSH_NOT_SUPPORTED,
                    "push notifications are not supported: follow a task with message/stream or tasks/resubscribe");
            default -> throw new JsonRpc.Failure(JsonRpc.METHOD_NOT_FOUND, "method not found: " + request.method()
                    + " (this agent answers message/send, message/stream, tasks/get, tasks/cancel and tasks/resubscribe)");
        };
    }

    private Response send(ExposedProcess process, JsonRpc.Request request) {
        Invocation started = start(process, request);
        boolean blocking = request.params().path("configuration").path("blocking").asBoolean(false);
        Invocation now = calls.awaitEnd(started.id(), blocking ? BLOCKING_WAIT : Duration.ZERO);
        return ok(request, A2aTasks.task(now));
    }

    private Invocation start(ExposedProcess process, JsonRpc.Request request) {
        ObjectNode arguments = A2aMessages.arguments(request.params());
        calls.mismatch(process, arguments).ifPresent(problem -> {
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "invalid params: the message's text and data: " + problem);
        });
        String messageId = A2aMessages.messageId(request.params());
        try {
            // the message's id makes a resent message find the task it started the first time
            return calls.start(process, TriggerKind.A2A, messageId, A2aMessages.payload(arguments, request.params()), "a2a:" + messageId)
                    .invocation();
        } catch (ProblemException e) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "the agent takes no messages now: " + e.getMessage());
        }
    }

    private Invocation task(ExposedProcess process, JsonNode params) {
        String id = params.path("id").isTextual() ? params.get("id").asText() : null;
        if (id == null) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "invalid params: id must be a task id (a string)");
        }
        return calls.find(process, id).orElseThrow(() -> new JsonRpc.Failure(TASK_NOT_FOUND, "task not found: '" + id + "' is no task of this agent"));
    }

    private Invocation cancel(ExposedProcess process, JsonNode params) {
        Invocation task = task(process, params);
        try {
            calls.cancel(task.id(), "cancelled by an A2A client");
        } catch (ProblemException e) {
            throw new JsonRpc.Failure(TASK_NOT_CANCELABLE, "task not cancelable: it has already ended (" + A2aTasks.state(task.status()) + ")");
        }
        // a running one stops at its next step boundary: give it a moment to say so
        return calls.awaitEnd(task.id(), Duration.ofSeconds(5));
    }

    private Response stream(ExposedProcess process, JsonRpc.Request request, Invocation task, boolean firstTheTask) {
        return Response.ok(new A2aTaskStream(calls, process, request.id(), task, firstTheTask, STREAM_WAIT)).type("text/event-stream")
                .header("Cache-Control", "no-cache").build();
    }

    private static Response ok(JsonRpc.Request request, JsonNode result) {
        return JsonRpc.response(200, JsonRpc.result(request.id(), result));
    }
}

package io.castellan.extension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Code of a team's own WAR that runs around each model call and tool call of the processes that
 * name it ({@code hooks: [name]} in a manifest), in the order named. A CDI bean
 * ({@code @ApplicationScoped}) implementing this interface is found by its {@link #name()}.
 *
 * <p>Hooks run on the live path only: a step replayed from the journal after a crash is not hooked
 * again, so what a hook changed is what the journal keeps. A hook must be quick and must not block
 * (it runs on the invocation's thread, inside a step's transaction for database-only tools).
 * Throw {@link HookRefusal} to refuse: a refused tool call is the tool's error, which the model
 * reads; a refused model call fails the invocation with the reason.
 */
public interface Hook {

    /** The name manifests use: {@code [a-z0-9_-]}, unique among this server's hooks. */
    String name();

    /** Before a tool runs: the arguments to run it with (these, or changed ones). */
    default JsonNode beforeToolCall(HookContext context, String tool, JsonNode args) {
        return args;
    }

    /** After a tool ran without an error: the result the model is given and the journal keeps (this one, or a changed one). */
    default JsonNode afterToolCall(HookContext context, String tool, JsonNode args, JsonNode result) {
        return result;
    }

    /** Before a model is called for a turn (0-based). */
    default void beforeModelCall(HookContext context, int turn) {
    }

    /**
     * After a model answered a turn: the answer as the journal keeps it ({@code {"reply": text}} or
     * {@code {"tool_calls": [{id, tool, args}]}}), this one or a changed one.
     */
    default JsonNode afterModelCall(HookContext context, int turn, JsonNode answer) {
        return answer;
    }
}

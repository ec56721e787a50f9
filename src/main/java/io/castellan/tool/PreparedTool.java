package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool whose effect a person approves after the tool has prepared it, so the person decides on
 * what was prepared (the reviewer's push, after its verification has passed). The engine calls
 * {@link #prepare} first (again after a crash, until the request exists: it must be idempotent);
 * when it asks for a decision the invocation waits durably, holding no thread; only an approved
 * call is {@link #complete}d, and a rejected one is the step's error.
 */
public interface PreparedTool extends Tool {

    /**
     * What {@link #prepare} made: either the step's final result (nothing to approve, such as a
     * change the reviewer rejected), or what a person is asked to approve.
     */
    record Prepared(JsonNode result, String summary, JsonNode details) {

        public static Prepared done(JsonNode result) {
            return new Prepared(result, null, null);
        }

        public static Prepared awaiting(String summary, JsonNode details) {
            return new Prepared(null, summary, details);
        }

        public boolean needsApproval() {
            return summary != null;
        }
    }

    /** True when this call's effect waits for a person; false runs it as any tool ({@code execute}). */
    boolean approvesAfterPreparing(ToolContext context);

    /** @throws ToolException for a failure the model should hear about */
    Prepared prepare(ToolContext context, JsonNode args);

    /**
     * Takes effect once approved; {@code decision} is the approval (who, via, comment).
     *
     * @throws ToolException for a failure the model should hear about
     */
    JsonNode complete(ToolContext context, JsonNode args, JsonNode decision);
}

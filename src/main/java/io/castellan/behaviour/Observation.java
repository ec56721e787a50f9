package io.castellan.behaviour;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One thing a process did that the detectors look at: a tool call (with its arguments and whether
 * it failed) or a reply, with the journal sequence number it was recorded at.
 */
record Observation(long seq, String invocationId, String tool, JsonNode args, boolean failed, String reply) {

    static Observation toolCall(long seq, String invocationId, String tool, JsonNode args, boolean failed) {
        return new Observation(seq, invocationId, tool, args, failed, null);
    }

    static Observation reply(long seq, String invocationId, String reply) {
        return new Observation(seq, invocationId, null, null, false, reply);
    }

    boolean isToolCall() {
        return tool != null;
    }

    /** Two calls are the same when they name the same tool with equal arguments. */
    boolean sameCall(Observation other) {
        return tool.equals(other.tool) && args.equals(other.args);
    }

    String call() {
        return tool + args;
    }
}

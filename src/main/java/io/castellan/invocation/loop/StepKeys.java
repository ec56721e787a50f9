package io.castellan.invocation.loop;

/** Journal step keys: unique per invocation, so no step is recorded twice. */
public final class StepKeys {

    private StepKeys() {
    }

    static String modelRequest(int turn) {
        return "model_request:" + turn;
    }

    static String modelResponse(int turn) {
        return "model_response:" + turn;
    }

    public static String toolStarted(int step) {
        return "tool_started:" + step;
    }

    /** One key for a result or an error: a step has exactly one outcome. */
    public static String toolOutcome(int step) {
        return "tool_outcome:" + step;
    }

    /** A gated tool call's (or request_approval's) request: the mark that the step waits for a decision. */
    public static String approvalRequested(int step) {
        return "approval:" + step;
    }

    public static String approvalDecided(int step) {
        return "approval_decided:" + step;
    }

    /** The inbox messages a turn took: at most one delivery per turn. */
    static String inbox(int turn) {
        return "inbox:" + turn;
    }

    static String plan() {
        return "plan";
    }

    static String feedback(int step) {
        return "feedback:" + step;
    }

    static String recall() {
        return "recall";
    }

    static String compaction() {
        return "conversation_compacted";
    }

    static String toolsUnavailable() {
        return "tools_unavailable";
    }

    static String checkpoint(int turn) {
        return "checkpoint:" + turn;
    }
}

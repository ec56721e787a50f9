package io.castellan.tool;

import java.util.List;

/** Where a tool call runs: which process and invocation, which step, and what it may reach. */
public record ToolContext(String process, String invocationId, int step, List<String> networkAllow) {

    /** The same for every attempt at this step, so receivers can drop a repeat. */
    public String idempotencyKey() {
        return invocationId + ":" + step;
    }

    public String source() {
        return "agent:" + invocationId;
    }
}

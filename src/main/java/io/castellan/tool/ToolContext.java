package io.castellan.tool;

import io.castellan.manifest.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Where a tool call runs: which process and invocation, which step, and what it may reach. */
public record ToolContext(String process, String invocationId, int step, Manifest manifest) {

    public List<String> networkAllow() {
        return manifest.networkAllow();
    }

    /** The same for every attempt at this step, so receivers can drop a repeat. */
    public String idempotencyKey() {
        return invocationId + ":" + step;
    }

    /** An id that is the same for every attempt at this step: what a tool starts here keeps one identity across retries. */
    public String stableId(String purpose) {
        return UUID.nameUUIDFromBytes((purpose + ":" + idempotencyKey()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String source() {
        return "agent:" + invocationId;
    }
}

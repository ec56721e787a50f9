package io.castellan.invocation.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.TriggerKind;
import java.time.Instant;

/**
 * What the runner needs of an invocation it has claimed; {@code resumed} when it ran before;
 * {@code traceParent} the trace its runs continue (null without tracing).
 */
public record RunStart(String invocationId, String process, int version, TriggerKind kind, String ref,
                ObjectNode payload, Instant queuedAt, JsonNode coalesced, boolean resumed, String traceParent) {
}

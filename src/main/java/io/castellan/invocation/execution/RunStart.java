package io.castellan.invocation.execution;

import io.castellan.invocation.TriggerKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;
import java.time.Instant;

/** What the runner needs of an invocation it has claimed; {@code resumed} when it ran before. */
public record RunStart(String invocationId, String process, int version, TriggerKind kind, String ref,
                ObjectNode payload, Instant queuedAt, JsonNode coalesced, boolean resumed) {

    /** The template and model context: trigger, step results so far, state. */
    public ObjectNode context() {
        ObjectNode context = Json.object();
        ObjectNode trigger = context.putObject("trigger").put("kind", kind.name().toLowerCase()).put("at", queuedAt.toString());
        if (ref != null) {
            trigger.put("ref", ref);
        }
        trigger.set("payload", payload);
        if (coalesced != null) {
            trigger.set("coalesced", coalesced);
        }
        context.putObject("steps");
        context.putObject("state");
        return context;
    }
}

package io.castellan.invocation.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;

/**
 * The JSON body Castellan puts on {@code castellan.triggers} for an accepted trigger. Messages from
 * other JMS clients carry their payload instead, and no {@link #INVOCATION_PROPERTY}.
 */
public record TriggerMessage(int v, String invocation) {

    public static final int VERSION = 1;
    public static final String PROCESS_PROPERTY = "process";
    public static final String INVOCATION_PROPERTY = "castellan_invocation";
    /** The W3C trace context of the trigger's accept, on wake-ups sent while tracing is on. */
    public static final String TRACE_PARENT_PROPERTY = "traceparent";

    public static TriggerMessage of(String invocationId) {
        return new TriggerMessage(VERSION, invocationId);
    }

    public String toJson() {
        return Json.write(Json.object().put("v", v).put("invocation", invocation));
    }

    public static TriggerMessage fromJson(JsonNode json) {
        return new TriggerMessage(json.path("v").asInt(), json.path("invocation").asText(null));
    }
}

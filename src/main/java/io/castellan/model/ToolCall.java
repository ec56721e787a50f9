package io.castellan.model;

import com.fasterxml.jackson.databind.JsonNode;

/** A model's request to run a tool: the intent, not yet its execution. */
public record ToolCall(String tool, JsonNode args) {
}

package io.castellan.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A model's request to run a tool: the intent, not yet its execution.
 *
 * @param id   the provider's id for the call, which its result must quote back
 * @param args the arguments as the model sent them (text when they were not JSON)
 */
public record ToolCall(String id, String tool, JsonNode args) {
}

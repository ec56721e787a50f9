package io.castellan.expose;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A process that other agent systems may reach, as they see it.
 *
 * @param description the manifest's, or one that says what a call does
 * @param schema      the JSON Schema of a call's arguments (the invocation's trigger payload)
 */
public record ExposedProcess(String name, String description, JsonNode schema) {
}

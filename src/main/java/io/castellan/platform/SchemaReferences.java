package io.castellan.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecVersionDetector;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The references of a JSON Schema that point outside it. Castellan checks answers and arguments
 * against schemas that operators and agents write, and reads nothing for them from elsewhere: not
 * a URL (the server would fetch it, past a process's network rules) and not a file. Found before
 * the schema is used, since the library resolves a nested reference only when a value reaches it.
 */
public final class SchemaReferences {

    /** The keywords whose value is a reference to another schema. */
    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");

    private SchemaReferences() {
    }

    /** The first reference that points outside the schema, as a reason to refuse it; empty when there is none. */
    public static Optional<String> outside(JsonNode schema) {
        if (schema.isArray()) {
            for (JsonNode item : schema) {
                Optional<String> found = outside(item);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (!schema.isObject()) {
            return Optional.empty();
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            JsonNode value = field.getValue();
            // a property named "$ref" holds a schema, not a reference: only a text is one
            if (value.isTextual() && REFERENCES.contains(field.getKey()) && !local(value.asText())) {
                return Optional.of("'" + field.getKey() + "' may point only within the schema ('#/...'), not to " + value.asText());
            }
            if (value.isTextual() && field.getKey().equals("$schema") && SpecVersionDetector.detectOptionalVersion(value.asText()).isEmpty()) {
                return Optional.of("'$schema' must name a JSON Schema draft (draft 4 to 2020-12), not " + value.asText());
            }
            Optional<String> found = outside(value);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** A pointer or anchor within the schema, or a draft's own meta-schema (which the library carries). */
    private static boolean local(String reference) {
        return reference.startsWith("#") || SpecVersionDetector.detectOptionalVersion(reference).isPresent();
    }
}

package io.castellan.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.FieldError;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.platform.VisibleText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A memory to store, as checked from an API body or a tool's arguments: {@code {text, tags?, metadata?}}. */
public record MemoryInput(String text, List<String> tags, JsonNode metadata) {

    public static final int MAX_TEXT_BYTES = 32 * 1024;
    static final int MAX_TAGS = 20;
    static final int MAX_METADATA_BYTES = 16 * 1024;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /**
     * Whether a text has nothing to embed ({@link VisibleText#blank}): the in-process model's
     * tokenizer drops every such character and refuses the empty rest ("Cannot embed empty or
     * whitespace-only text"), which the API answered with a 500; a provider's model would embed noise.
     */
    public static boolean blank(String text) {
        return VisibleText.blank(text);
    }

    /** @throws ProblemException naming every field that is wrong */
    public static MemoryInput of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object: {text, tags?, metadata?}");
        }
        List<FieldError> errors = new ArrayList<>();
        String text = text(body.get("text"), "text", errors);
        List<String> tags = tags(body.get("tags"), "tags", errors);
        JsonNode metadata = body.get("metadata");
        if (metadata != null && metadata.isNull()) {
            metadata = null;
        }
        if (metadata != null && !metadata.isObject()) {
            errors.add(new FieldError("metadata", "must be a JSON object"));
        } else if (metadata != null && Json.write(metadata).getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            errors.add(new FieldError("metadata", "may be at most 16 KiB"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new MemoryInput(text, tags, metadata);
    }

    /** A memory's text: not blank, at most 32 KiB; null (with an error added) otherwise. */
    static String text(JsonNode value, String field, List<FieldError> errors) {
        if (value == null || !value.isTextual() || blank(value.asText())) {
            errors.add(new FieldError(field, "is required: the text to remember"));
            return null;
        }
        if (value.asText().getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            errors.add(new FieldError(field, "may be at most 32 KiB"));
            return null;
        }
        return value.asText();
    }

    /** Tags: a list of at most 20 words of letters, digits and {@code . _ : -}, each at most 64 characters. */
    static List<String> tags(JsonNode value, String field, List<FieldError> errors) {
        List<String> tags = new ArrayList<>();
        if (value == null || value.isNull()) {
            return tags;
        }
        if (!value.isArray() || value.size() > MAX_TAGS) {
            errors.add(new FieldError(field, "must be a list of at most " + MAX_TAGS + " tags"));
            return tags;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode tag = value.get(i);
            if (!tag.isTextual() || !TAG.matcher(tag.asText()).matches()) {
                errors.add(new FieldError(field + "[" + i + "]", "must be 1-64 characters of letters, digits and . _ : - (starting with a letter or digit)"));
            } else if (!tags.contains(tag.asText())) {
                tags.add(tag.asText());
            }
        }
        return tags;
    }
}

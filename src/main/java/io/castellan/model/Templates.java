package io.castellan.model;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import io.castellan.platform.Json;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{trigger.payload.x}}}, {@code {{steps.N.result.x}}} and {@code {{state.key}}} into
 * JSON values with Mustache, which runs no code. A string that is exactly one tag takes the
 * value's JSON type (a number stays a number); other strings are filled in as text.
 */
public final class Templates {

    private static final Pattern WHOLE_TAG = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
    /** Loads no file: a partial is refused at deploy, and one that slips through fails its invocation here. */
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false).withLoader(name -> {
        throw new MustacheException("templates may not include partials ('" + name + "')");
    });

    private Templates() {
    }

    public static JsonNode render(JsonNode template, ObjectNode context) {
        if (template.isTextual()) {
            return renderText(template.asText(), context);
        }
        if (template.isObject()) {
            ObjectNode out = Json.object();
            template.fields().forEachRemaining(f -> out.set(f.getKey(), render(f.getValue(), context)));
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            template.forEach(item -> out.add(render(item, context)));
            return out;
        }
        return template;
    }

    public static String renderString(String template, ObjectNode context) {
        JsonNode value = renderText(template, context);
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static JsonNode renderText(String text, ObjectNode context) {
        Matcher whole = WHOLE_TAG.matcher(text);
        if (whole.matches()) {
            JsonNode value = context.at(JsonPointer.compile("/" + whole.group(1).replace('.', '/')));
            if (value.isMissingNode()) {
                throw new ModelException("template: no value for '" + whole.group(1) + "'");
            }
            return value;
        }
        if (!text.contains("{{")) {
            return TextNode.valueOf(text);
        }
        try {
            return TextNode.valueOf(COMPILER.compile(text).execute(Json.MAPPER.convertValue(context, Map.class)));
        } catch (RuntimeException e) {
            // whatever the template engine throws fails this invocation with its reason, never the consumer
            throw new ModelException("template '" + text + "': " + e.getMessage());
        }
    }
}

package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.JsonText;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${secret:NAME}} in a tool call's arguments (headers included): found before the call,
 * filled in only in the copy handed to the tool, never in what is journaled or shown to the model.
 */
final class SecretPlaceholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{secret:([A-Za-z_][A-Za-z0-9_]{0,63})}");

    private SecretPlaceholders() {
    }

    static Set<String> names(JsonNode args) {
        Set<String> names = new TreeSet<>();
        collect(args, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        node.forEach(child -> collect(child, names));
    }

    /** A copy of the arguments with each placeholder replaced by its value. */
    static JsonNode fill(JsonNode args, Map<String, String> values) {
        return JsonText.map(args, text -> PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1)))));
    }
}

package io.castellan.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.castellan.platform.JsonText;
import io.castellan.platform.Redactor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;

/**
 * Replaces every occurrence of a process's secret values with {@code [secret:NAME]}: in tool
 * results, model answers, replies and errors, before anything stores them.
 */
@ApplicationScoped
public class SecretRedactor implements Redactor {

    @Inject
    private Secrets secrets;

    @Override
    public String redact(String process, String text) {
        if (text == null) {
            return null;
        }
        Map<String, String> values = secrets.valuesToRedact(process);
        return values.isEmpty() ? text : replace(text, values);
    }

    @Override
    public JsonNode redact(String process, JsonNode node) {
        if (node == null) {
            return null;
        }
        Map<String, String> values = secrets.valuesToRedact(process);
        if (values.isEmpty() || !contains(node, values)) {
            return node;
        }
        return JsonText.map(node, text -> replace(text, values));
    }

    @Override
    public void prepare(Collection<String> processes) {
        secrets.load(processes);
    }

    private static boolean contains(JsonNode node, Map<String, String> values) {
        String text = node.toString();
        return values.values().stream().anyMatch(text::contains) || values.values().stream().anyMatch(v -> text.contains(escaped(v)));
    }

    private static String escaped(String value) {
        String quoted = TextNode.valueOf(value).toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    private static String replace(String text, Map<String, String> values) {
        String result = text;
        for (Map.Entry<String, String> secret : values.entrySet()) {
            result = result.replace(secret.getValue(), "[secret:" + secret.getKey() + "]");
        }
        return result;
    }
}

package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Compiles a manifest's templates at deploy, so that one the engine would not render is refused
 * there with its field instead of failing the process's invocations later: a template must
 * compile, and may use variables and sections only (a partial, {@code {{> file}}}, or a
 * template inheritance would ask the server to load a file).
 */
final class TemplateCheck {

    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false);

    private TemplateCheck() {
    }

    /** Reports each string in {@code value} (a string, or strings inside objects and arrays) that is not a template Castellan renders. */
    static void check(String field, JsonNode value, BiConsumer<String, String> error) {
        if (value == null) {
            return;
        }
        if (value.isTextual()) {
            String reason = reason(value.asText());
            if (reason != null) {
                error.accept(field, reason);
            }
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                check(field + "." + f.getKey(), f.getValue(), error);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(field + "[" + i + "]", value.get(i), error);
            }
        }
    }

    private static String reason(String text) {
        if (!text.contains("{{")) {
            return null;
        }
        Template template;
        try {
            template = COMPILER.compile(text);
        } catch (MustacheException e) {
            return "is not a valid template: " + e.getMessage();
        }
        String[] refused = new String[1];
        template.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
            }

            @Override
            public void visitVariable(String name) {
            }

            @Override
            public boolean visitInclude(String name) {
                refused[0] = "includes '" + name + "': templates may use variables and sections, not partials";
                return false;
            }

            @Override
            public boolean visitParent(String name) {
                refused[0] = "extends '" + name + "': templates may use variables and sections, not inheritance";
                return false;
            }

            @Override
            public boolean visitSection(String name) {
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                return true;
            }
        });
        return refused[0];
    }
}

package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads a manifest's {@code hooks} and {@code prompt_builder}: names of this server's extensions, checked at deploy. */
final class ExtensionsBlock {

    private ExtensionsBlock() {
    }

    /** {@code hooks: [name, ...]}: run around each model and tool call, in this order. */
    static List<String> hooks(Fields manifest, ExtensionNames extensions, boolean deploy) {
        List<String> hooks = new ArrayList<>();
        JsonNode list = manifest.list("hooks", "must be a list of hook names");
        for (int i = 0; list != null && i < list.size(); i++) {
            String hook = list.get(i).asText("");
            if (!list.get(i).isTextual() || hook.isEmpty()) {
                manifest.error("hooks[" + i + "]", "must be a hook's name");
            } else if (deploy && !extensions.hooks().contains(hook)) {
                manifest.error("hooks[" + i + "]", "'" + hook + "' is not a hook of this server" + (extensions.hooks().isEmpty()
                        ? " (it has none)" : " (it has " + String.join(", ", extensions.hooks().stream().sorted().toList()) + ")"));
            } else if (!hooks.contains(hook)) {
                hooks.add(hook);
            }
        }
        return List.copyOf(hooks);
    }

    /** {@code prompt_builder: name}: an extension that writes the system prompt; null for Castellan's own. */
    static String promptBuilder(Fields manifest, ExtensionNames extensions, boolean deploy) {
        String builder = manifest.text("prompt_builder", false);
        if (builder != null && deploy && !extensions.promptBuilders().contains(builder)) {
            manifest.error("prompt_builder", "'" + builder + "' is not a prompt builder of this server");
        }
        return builder;
    }
}

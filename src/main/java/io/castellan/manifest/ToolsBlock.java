package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a manifest's {@code tools}: built-in tools and this server's extension tools by name, then
 * a workspace's tools when it has one (naming them without one is an error) and open mode's
 * meta-tools (naming one without open mode is an error).
 */
final class ToolsBlock {

    private ToolsBlock() {
    }

    static List<String> read(Fields manifest, boolean workspace, OpenModeSpec openMode, ExtensionNames extensions, boolean deploy) {
        List<String> tools = new ArrayList<>();
        JsonNode node = manifest.list("tools", "must be a list of tool names");
        for (int i = 0; node != null && i < node.size(); i++) {
            String tool = node.get(i).isTextual() ? node.get(i).asText() : null;
            String field = "tools[" + i + "]";
            if (tool != null && WorkspaceBlock.TOOLS.contains(tool)) {
                if (!workspace) {
                    manifest.error(field, "'" + tool + "' is a workspace tool: it needs a workspace block");
                }
            } else if (tool != null && OpenModeSpec.META_TOOLS.contains(tool) && !ManifestParser.BUILT_IN_TOOLS.contains(tool)) {
                if (openMode == null || !openMode.has(tool)) {
                    manifest.error(field, "'" + tool + "' is a meta-tool: list it in open_mode.tools");
                }
            } else if (tool != null && (ManifestParser.BUILT_IN_TOOLS.contains(tool) || !deploy || extensions.tools().contains(tool))) {
                // an extension's tool, or a stored version's, which keeps the names it was accepted with
                tools.add(tool);
            } else {
                manifest.error(field, "must be one of " + String.join(", ",
                        Stream.concat(ManifestParser.BUILT_IN_TOOLS.stream(), extensions.tools().stream()).sorted().toList()));
            }
        }
        if (workspace) {
            tools.addAll(WorkspaceBlock.TOOLS);
        }
        if (openMode != null) {
            openMode.tools().stream().filter(t -> !tools.contains(t)).forEach(tools::add);
        }
        return tools;
    }
}

package io.castellan.openmode;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.OpenModeSpec;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import jakarta.inject.Inject;

/**
 * What the self-changing meta-tools share. Each runs in a transaction of its own (not the loop's:
 * the process's lock comes before its journal's, as everywhere), never sees a secret (a
 * placeholder would end up in a manifest), and says why in a required {@code reason}.
 */
abstract class MetaTool implements Tool {

    static final int MAX_REASON = 1_000;

    @Inject
    SelfChanges changes;

    @Override
    public boolean takesSecrets() {
        return false;
    }

    /** The open mode of the version that runs; a manifest without one does not offer the tool, so this is a second line. */
    static OpenModeSpec openMode(Manifest manifest, String tool) {
        OpenModeSpec open = manifest.openMode();
        if (open == null || !open.has(tool)) {
            throw new Guardrail("'" + tool + "' is not among this process's open_mode.tools");
        }
        return open;
    }

    static String reason(JsonNode args) {
        return SelfChanges.text(args, "reason", MAX_REASON);
    }

    /** The change, as the agent's own. */
    JsonNode change(ToolContext context, JsonNode args, SelfChanges.Edit edit) {
        return changes.change(context, name(), reason(args), edit);
    }
}

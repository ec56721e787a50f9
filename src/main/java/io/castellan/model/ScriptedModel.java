package io.castellan.model;

import io.castellan.manifest.ScriptEntry;
import java.util.List;

/**
 * The built-in deterministic model: turn N of every invocation answers with entry N of the
 * manifest's script, its templates filled in from the invocation's context.
 */
public class ScriptedModel implements Model {

    @Override
    public ModelResponse respond(ModelRequest request) {
        List<ScriptEntry> script = request.manifest().script();
        if (request.turn() >= script.size()) {
            throw new ModelException("the script has " + script.size() + " entries and ended without a reply");
        }
        ScriptEntry entry = script.get(request.turn());
        try {
            if (entry.isReply()) {
                return ModelResponse.reply(Templates.renderString(entry.reply(), request.context()));
            }
            return ModelResponse.call(new ToolCall("script-" + request.turn(), entry.tool(), Templates.render(entry.args(), request.context())));
        } catch (ModelException e) {
            throw new ModelException("script[" + request.turn() + "]: " + e.getMessage());
        }
    }
}

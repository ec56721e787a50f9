package io.castellan.extension;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.WrappingTool;
import io.castellan.tool.ToolException;
import java.util.List;

/** A tool with a manifest's hooks around it: each may change the arguments, refuse, or change the result. */
record HookedTool(Tool tool, List<Hook> hooks, HookContext context) implements WrappingTool {

    @Override
    public JsonNode execute(ToolContext toolContext, JsonNode args) {
        JsonNode changed = args;
        for (Hook hook : hooks) {
            try {
                changed = hook.beforeToolCall(context, tool.name(), changed);
            } catch (HookRefusal refused) {
                throw new ToolException("refused by hook '" + hook.name() + "': " + refused.getMessage());
            }
        }
        JsonNode result = tool.execute(toolContext, changed);
        for (Hook hook : hooks) {
            result = hook.afterToolCall(context, tool.name(), changed, result);
        }
        return result;
    }
}

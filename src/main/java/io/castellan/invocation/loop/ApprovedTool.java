package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.WrappingTool;

/**
 * A gated tool whose call was approved: it runs as itself, and its result comes back as
 * {@code {"approval": <decision>, "result": <the tool's result>}}, so the model sees who approved it
 * and their comment beside what the call did.
 */
record ApprovedTool(Tool tool, JsonNode decision) implements WrappingTool {

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        JsonNode result = tool.execute(context, args);
        ObjectNode wrapped = Json.object();
        wrapped.set("approval", decision);
        wrapped.set("result", result);
        return wrapped;
    }
}

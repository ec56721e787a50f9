package io.castellan.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.castellan.platform.Json;

/** A tool of an MCP server, offered under its server's name: {@code <server>__<tool>}. */
final class McpTool implements Tool {

    /** The longest result kept, in characters (as http_request keeps 64 KiB of a body). */
    static final int MAX_RESULT_CHARS = 64 * 1024;

    /** The longest error text kept. */
    static final int MAX_ERROR_CHARS = 4 * 1024;

    private final String server;
    private final ToolSpecification remote;
    private final McpClient client;
    private final Runnable onBroken;

    McpTool(String server, ToolSpecification remote, McpClient client, Runnable onBroken) {
        this.server = server;
        this.remote = remote;
        this.client = client;
        this.onBroken = onBroken;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… (" + (text.length() - max) + " more characters)";
    }

    @Override
    public String name() {
        return server + "__" + remote.name();
    }

    @Override
    public ToolSpecification specification() {
        return remote.toBuilder().name(name()).build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        ToolExecutionResult result;
        try {
            result = client.executeTool(ToolExecutionRequest.builder()
                    .id(context.idempotencyKey())
                    .name(remote.name())
                    .arguments(Json.write(args))
                    .build());
        } catch (RuntimeException e) {
            onBroken.run();
            throw new ToolException("MCP server '" + server + "' failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String text = result.resultText() == null ? "" : result.resultText();
        if (result.isError()) {
            throw new ToolException(text.isEmpty() ? "the MCP tool reported an error" : shorten(text, MAX_ERROR_CHARS));
        }
        if (text.length() > MAX_RESULT_CHARS) {
            // a result is journaled and given to the model: bounded as http_request's body is
            return Json.object().put("text", text.substring(0, MAX_RESULT_CHARS)).put("truncated", true);
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}

package io.castellan.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.concurrent.CountDownLatch;

/**
 * A real MCP server (the MCP Java SDK over stdio) with three tools that the tests' agents call
 * through Castellan: {@code add {a, b}}, and {@code environment}, the names of the variables it was
 * started with (what Castellan let through). Castellan starts it as the manifest's {@code command}.
 */
public final class CalculatorMcpServer {

    static final String ADD_SCHEMA = """
            {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}
            """;

    private CalculatorMcpServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(json))
                .serverInfo("calculator", "1.0")
                // the SDK's own validator wants networknt 2.x; Castellan uses 1.5 and the tool declares no output schema
                .jsonSchemaValidator((schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(String.valueOf(content)))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .toolCall(McpSchema.Tool.builder().name("add").description("Adds two numbers").inputSchema(json, ADD_SCHEMA).build(),
                        (exchange, request) -> {
                            double sum = ((Number) request.arguments().get("a")).doubleValue()
                                    + ((Number) request.arguments().get("b")).doubleValue();
                            return McpSchema.CallToolResult.builder().addTextContent("{\"sum\": " + sum + "}").isError(false).build();
                        })
                .toolCall(McpSchema.Tool.builder().name("environment").description("Names of the environment variables")
                                .inputSchema(json, "{\"type\": \"object\", \"properties\": {}}").build(),
                        (exchange, request) -> McpSchema.CallToolResult.builder()
                                .addTextContent("{\"names\": \"" + String.join(",", new java.util.TreeSet<>(System.getenv().keySet()))
                                        + "\", \"greeting\": \"" + System.getenv().getOrDefault("GREETING", "") + "\"}")
                                .isError(false).build())
                .toolCall(McpSchema.Tool.builder().name("repeat").description("A text of n characters")
                                .inputSchema(json, "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\"}}}").build(),
                        (exchange, request) -> McpSchema.CallToolResult.builder()
                                .addTextContent("x".repeat(((Number) request.arguments().get("n")).intValue())).isError(false).build())
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        new CountDownLatch(1).await();
    }
}

package io.castellan.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import io.castellan.manifest.McpServerSpec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections to the MCP servers that manifests name, through LangChain4j's MCP client. A client is
 * kept per process version and server and dropped when it fails, so the next invocation
 * reconnects; a server that cannot be reached only takes its own tools away.
 */
@ApplicationScoped
public class McpServers {

    private static final Logger LOG = LoggerFactory.getLogger(McpServers.class);

    private final Map<String, McpClient> clients = new ConcurrentHashMap<>();

    /** The server's tools, or the reason there are none. */
    public record Listing(List<Tool> tools, String error) {
    }

    Listing tools(String owner, McpServerSpec server) {
        String key = owner + "/" + server.name() + "/" + server;
        try {
            McpClient client = clients.computeIfAbsent(key, k -> connect(server));
            List<Tool> tools = new ArrayList<>();
            for (ToolSpecification remote : client.listTools()) {
                tools.add(new McpTool(server.name(), remote, client, () -> drop(key)));
            }
            return new Listing(tools, null);
        } catch (RuntimeException e) {
            drop(key);
            String where = server.isStdio() ? "command " + server.command().get(0) : server.url();
            return new Listing(List.of(), "MCP server '" + server.name() + "' (" + where + ") is unavailable: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static McpClient connect(McpServerSpec server) {
        McpTransport transport = server.isStdio()
                ? new StdioMcpTransport.Builder().command(server.command()).build()
                : new StreamableHttpMcpTransport.Builder().url(server.url()).timeout(server.timeout()).build();
        return new DefaultMcpClient.Builder()
                .key(server.name())
                .clientName("castellan")
                .transport(transport)
                .initializationTimeout(server.timeout())
                .toolExecutionTimeout(server.timeout())
                .cacheToolList(true)
                .build();
    }

    private void drop(String key) {
        McpClient client = clients.remove(key);
        if (client != null) {
            close(key, client);
        }
    }

    @PreDestroy
    void closeAll() {
        clients.forEach(this::close);
        clients.clear();
    }

    private void close(String key, McpClient client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("Closing MCP client {}: {}", key, e.getMessage());
        }
    }
}

package io.castellan.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import io.castellan.manifest.HostPolicy;
import io.castellan.manifest.McpServerSpec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
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

    private static final String MINIMAL_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Map<String, McpClient> clients = new ConcurrentHashMap<>();

    /** The server's tools, or the reason there are none. */
    public record Listing(List<Tool> tools, String error) {
    }

    /** The server's tools; one over HTTP only when its host is in the manifest's network.allow (a version stored before that rule was checked at deploy). */
    Listing tools(String owner, McpServerSpec server, List<String> allow) {
        String key = owner + "/" + server.name() + "/" + server;
        if (!server.isStdio() && !HostPolicy.allows(allow, URI.create(server.url()).getHost())) {
            return new Listing(List.of(), "MCP server '" + server.name() + "' (" + server.url() + ") is unavailable: its host is not in network.allow");
        }
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
                ? new StdioMcpTransport.Builder().command(cleanEnvironment(server)).build()
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

    /**
     * The command under {@code env -i}: it starts with nothing of the server's environment (where
     * keys and tokens live) but a minimal PATH and what the manifest's {@code env} passes.
     */
    static List<String> cleanEnvironment(McpServerSpec server) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "-i", "PATH=" + MINIMAL_PATH));
        server.env().forEach((name, value) -> {
            String resolved = value;
            if (value.startsWith("${") && value.endsWith("}")) {
                resolved = System.getenv(value.substring(2, value.length() - 1));
                if (resolved == null) {
                    throw new IllegalStateException("the server has no environment variable " + value + " for env." + name);
                }
            }
            command.add(name + "=" + resolved);
        });
        command.addAll(server.command());
        return command;
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

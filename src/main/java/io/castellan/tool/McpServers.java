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

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** A client and its transport: closing a stdio server takes both (see {@link #closeTransport}). */
    private record Connection(McpClient client, McpTransport transport) {
    }

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
            McpClient client = connections.computeIfAbsent(key, k -> connect(server)).client();
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

    private static Connection connect(McpServerSpec server) {
        McpTransport transport = server.isStdio()
                ? new StdioMcpTransport.Builder().command(cleanEnvironment(server)).build()
                : new StreamableHttpMcpTransport.Builder().url(server.url()).timeout(server.timeout()).build();
        try {
            return new Connection(new DefaultMcpClient.Builder()
                    .key(server.name())
                    .clientName("castellan")
                    .transport(transport)
                    .initializationTimeout(server.timeout())
                    .toolExecutionTimeout(server.timeout())
                    .cacheToolList(true)
                    .build(), transport);
        } catch (RuntimeException e) {
            // a client whose initialize fails (a server that never answers, or answers an error) marks itself
            // closed but leaves its transport open: a stdio server's process lived on, one more at each attempt
            closeTransport(transport);
            throw e;
        }
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
        Connection connection = connections.remove(key);
        if (connection != null) {
            close(key, connection);
        }
    }

    @PreDestroy
    void closeAll() {
        connections.forEach(this::close);
        connections.clear();
    }

    private void close(String key, Connection connection) {
        // taken first: once the command has ended, its children are no longer its descendants
        List<ProcessHandle> children = children(connection.transport());
        try {
            connection.client().close();
        } catch (Exception e) {
            LOG.debug("Closing MCP client {}: {}", key, e.getMessage());
        }
        closeTransport(connection.transport(), children);
    }

    private static void closeTransport(McpTransport transport) {
        closeTransport(transport, children(transport));
    }

    /**
     * Closes the transport (a second close is harmless) and ends the children of a stdio server's
     * command: a server started through {@code npx} or a shell runs as a child of the command,
     * which LangChain4j's close ends alone.
     */
    private static void closeTransport(McpTransport transport, List<ProcessHandle> children) {
        try {
            transport.close();
        } catch (Exception e) {
            LOG.debug("Closing an MCP transport: {}", e.getMessage());
        }
        children.forEach(ProcessHandle::destroy);
    }

    private static List<ProcessHandle> children(McpTransport transport) {
        return transport instanceof StdioMcpTransport stdio && stdio.getProcess() != null
                ? stdio.getProcess().descendants().toList() : List.of();
    }
}

package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a manifest's {@code mcp_servers}: each {@code {name, url}} (streamable HTTP) or {@code {name, command}} (stdio). */
final class McpServersBlock {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private McpServersBlock() {
    }

    static List<McpServerSpec> read(Fields top) {
        List<McpServerSpec> servers = new ArrayList<>();
        JsonNode node = top.list("mcp_servers", "must be a list of {name, url} or {name, command}");
        if (node == null) {
            return servers;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "mcp_servers[" + i + "]";
            Fields server = top.item("mcp_servers", i);
            String name = node.get(i).path("name").asText("");
            if (!NAME.matcher(name).matches()) {
                server.error("name", "is required: 1-32 characters of a-z, 0-9 and '-'");
                continue;
            }
            if (!names.add(name)) {
                server.error("name", "'" + name + "' is declared twice");
                continue;
            }
            Duration timeout = server.duration("timeout", Duration.ofSeconds(30));
            if (server.has("url") == server.has("command")) {
                top.error(at, "must have exactly one of 'url' (streamable HTTP) or 'command' (stdio)");
            } else if (server.has("url")) {
                String url = server.url("url");
                if (url != null) {
                    servers.add(new McpServerSpec(name, url, null, Map.of(), timeout));
                }
            } else {
                List<String> command = new ArrayList<>();
                server.get("command").forEach(part -> command.add(part.asText()));
                if (!server.get("command").isArray() || command.isEmpty() || command.stream().anyMatch(String::isEmpty)) {
                    server.error("command", "must be a non-empty list: the program and its arguments");
                } else {
                    servers.add(new McpServerSpec(name, null, List.copyOf(command), environment(server), timeout));
                }
            }
        }
        return servers;
    }

    /** A stdio server's {@code env}: variable names to values, or to {@code ${NAME}} of the server's environment. */
    private static Map<String, String> environment(Fields server) {
        Map<String, String> env = new LinkedHashMap<>();
        Fields block = server.object("env", "must be an object of environment variable names to values");
        if (block == null) {
            return env;
        }
        for (String variable : block.names()) {
            JsonNode value = block.get(variable);
            if (!ENV_NAME.matcher(variable).matches()) {
                block.error(variable, "is not an environment variable name");
            } else if (value == null || !value.isValueNode() || value.isNull()) {
                block.error(variable, "must be a string, a number or true/false");
            } else {
                env.put(variable, value.asText());
            }
        }
        return Collections.unmodifiableMap(env);
    }

    /** An MCP server over HTTP is reached from the server as an http_request is: only hosts that network.allow names. */
    static void hostsAllowed(Fields top, List<McpServerSpec> servers, List<String> allow) {
        for (int i = 0; i < servers.size(); i++) {
            McpServerSpec server = servers.get(i);
            if (server.isStdio()) {
                continue;
            }
            String host = URI.create(server.url()).getHost();
            if (!HostPolicy.allows(allow, host)) {
                top.error("mcp_servers[" + i + "].url", "host '" + host + "' is not in network.allow");
            }
        }
    }
}

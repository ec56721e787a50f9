package io.castellan.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An MCP server whose tools a process may call, offered as {@code <name>__<tool>}. Exactly one of
 * {@code url} (streamable HTTP) and {@code command} (stdio) is set. A command runs with only
 * {@code env} in its environment (and a minimal PATH): a value {@code ${NAME}} is the server's
 * variable of that name, read when the command starts; anything else is taken as written.
 */
public record McpServerSpec(String name, String url, List<String> command, Map<String, String> env, Duration timeout) {

    public static final String SEPARATOR = "__";

    public boolean isStdio() {
        return command != null;
    }

    public String toolName(String tool) {
        return name + SEPARATOR + tool;
    }
}

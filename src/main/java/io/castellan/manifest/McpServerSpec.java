package io.castellan.manifest;

import java.time.Duration;
import java.util.List;

/**
 * An MCP server whose tools a process may call, offered as {@code <name>__<tool>}. Exactly one of
 * {@code url} (streamable HTTP) and {@code command} (stdio) is set.
 */
public record McpServerSpec(String name, String url, List<String> command, Duration timeout) {

    public static final String SEPARATOR = "__";

    public boolean isStdio() {
        return command != null;
    }

    public String toolName(String tool) {
        return name + SEPARATOR + tool;
    }
}

package io.castellan.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools one invocation may call: the manifest's built-ins and its MCP servers' tools, with
 * the reasons any MCP server's tools are missing.
 */
public record Toolset(Map<String, Tool> byName, List<String> unavailable) {

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<ToolSpecification> specifications() {
        return byName.values().stream().map(Tool::specification).sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }
}

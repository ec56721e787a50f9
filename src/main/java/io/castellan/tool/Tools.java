package io.castellan.tool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.McpServerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The tools this server has, by name. */
@ApplicationScoped
public class Tools {

    private Map<String, Tool> byName;

    @Inject
    private McpServers mcpServers;

    @Inject
    private HttpRequestTool http;

    @Inject
    void collect(@Any Instance<Tool> tools) {
        byName = tools.stream().collect(Collectors.toUnmodifiableMap(Tool::name, Function.identity()));
    }

    /**
     * The tools a manifest gives its invocations. MCP servers are asked for their tools here, so a
     * server that is down shows up in {@link Toolset#unavailable()}.
     *
     * @param owner names the process version that owns the MCP connections
     */
    public Toolset forManifest(Manifest manifest, String owner) {
        Map<String, Tool> available = new LinkedHashMap<>();
        manifest.tools().forEach(name -> find(name).ifPresent(tool -> available.put(name, tool)));
        manifest.httpTools().forEach(spec -> available.putIfAbsent(spec.name(), new DeclaredHttpTool(spec, http)));
        List<String> unavailable = new ArrayList<>();
        for (McpServerSpec server : manifest.mcpServers()) {
            McpServers.Listing listing = mcpServers.tools(owner, server, manifest.networkAllow());
            listing.tools().forEach(tool -> available.putIfAbsent(tool.name(), tool));
            if (listing.error() != null) {
                unavailable.add(listing.error());
            }
        }
        return new Toolset(available, unavailable);
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}

package io.castellan.openmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.manifest.HostPolicy;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/** {@code connect_mcp {name, url, reason}}: an MCP server (streamable HTTP) on a host of {@code open_mode.mcp_hosts}, its tools offered from the next invocation. */
@ApplicationScoped
public class ConnectMcpTool extends MetaTool {

    @Override
    public String name() {
        return "connect_mcp";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Connects an MCP server (streamable HTTP); its tools are yours from your next invocation on,"
                        + " named <name>__<tool>.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("name", "a short name for the server: a-z, 0-9 and '-'")
                        .addStringProperty("url", "the server's http:// or https:// URL")
                        .addStringProperty("reason", "why: kept with the new version")
                        .required("name", "url", "reason")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String name = SelfChanges.text(args, "name", 63);
        String url = SelfChanges.text(args, "url", 2_000);
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            throw new ToolException("url is not a URL: " + e.getMessage());
        }
        if (host == null) {
            throw new ToolException("url must be an http:// or https:// URL");
        }
        return change(context, args, (manifest, current) -> {
            if (!HostPolicy.allows(current.openMode().mcpHosts(), host)) {
                throw new Guardrail("host '" + host + "' is not in open_mode.mcp_hosts");
            }
            ArrayNode servers = SelfChanges.list(manifest, "mcp_servers");
            servers.addObject().put("name", name).put("url", url);
            return Json.object().put("name", name).put("url", url);
        });
    }
}

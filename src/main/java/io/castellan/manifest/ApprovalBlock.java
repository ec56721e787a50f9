package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a manifest's {@code approval} block. */
final class ApprovalBlock {

    private static final Set<String> FIELDS = Set.of("tools", "timeout", "on_timeout", "notify");
    /** Tools that already wait durably: an approval in front of them would be a wait at the same step. */
    private static final Set<String> SUSPENDING = Set.of("wait", "ask_agent", "request_approval");

    private ApprovalBlock() {
    }

    static ApprovalPolicy read(Fields manifest, List<String> tools, boolean mcpServers) {
        Fields approval = manifest.block("approval", FIELDS);
        if (approval == null) {
            return ApprovalPolicy.none();
        }
        Duration timeout = approval.duration("timeout", ApprovalPolicy.DEFAULT_TIMEOUT);
        if (timeout.compareTo(ApprovalPolicy.LONGEST) > 0) {
            approval.error("timeout", "may be at most 720h (30 days)");
        }
        return new ApprovalPolicy(gated(approval, tools, mcpServers), timeout,
                approval.choice("on_timeout", ApprovalPolicy.OnTimeout.class, ApprovalPolicy.OnTimeout.REJECT), notify(approval));
    }

    /** Built-in tools must be among the manifest's tools; other names are MCP tools, known only once a server lists them. */
    private static List<String> gated(Fields approval, List<String> tools, boolean mcpServers) {
        List<String> gated = new ArrayList<>();
        JsonNode list = approval.list("tools", "must be a list of tool names");
        for (int i = 0; list != null && i < list.size(); i++) {
            String tool = list.get(i).isTextual() ? list.get(i).asText() : "";
            String field = "tools[" + i + "]";
            if (SUSPENDING.contains(tool)) {
                approval.error(field, "'" + tool + "' already waits durably; it cannot also wait for an approval");
            } else if (ManifestParser.BUILT_IN_TOOLS.contains(tool) || WorkspaceBlock.TOOLS.contains(tool) ? !tools.contains(tool) : !mcpServers) {
                approval.error(field, "must name a tool of this manifest (one in tools, or a tool of one of its mcp_servers)");
            } else if (tool.isEmpty() || tool.length() > 200) {
                approval.error(field, "must be a tool name of 1 to 200 characters");
            } else {
                gated.add(tool);
            }
        }
        return List.copyOf(gated);
    }

    private static Budget.Escalation notify(Fields approval) {
        Fields notify = approval.block("notify", Set.of("url", "secret"));
        if (notify == null) {
            return null;
        }
        String url = notify.url("url");
        if (!notify.has("url")) {
            notify.error("url", "is required");
        }
        String secret = notify.environmentReference("secret", "is required and must name an environment variable as ${NAME}, so the key is never stored");
        return url == null || secret == null ? null : new Budget.Escalation(url, secret);
    }
}

package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a manifest's {@code open_mode: {tools: [...], max_spawned, max_triggers, mcp_hosts,
 * require_approval}}. Absent, the process cannot change itself.
 */
final class OpenModeBlock {

    static final Set<String> FIELDS = Set.of("tools", "max_spawned", "max_triggers", "mcp_hosts", "require_approval");

    private OpenModeBlock() {
    }

    /** @return null without the block */
    static OpenModeSpec read(Fields manifest) {
        Fields open = manifest.block("open_mode", FIELDS);
        if (open == null) {
            return null;
        }
        List<String> tools = names(open, "tools", OpenModeSpec.META_TOOLS, true);
        List<String> hosts = new ArrayList<>();
        JsonNode list = open.list("mcp_hosts", "must be a list of host names");
        for (int i = 0; list != null && i < list.size(); i++) {
            String host = list.get(i).asText("");
            if (!list.get(i).isTextual() || !ManifestParser.HOST.matcher(host).matches()) {
                open.error("mcp_hosts[" + i + "]", "must be a host name, such as mcp.example.com or *.example.com");
            } else {
                hosts.add(host);
            }
        }
        List<String> approval = names(open, "require_approval", OpenModeSpec.SELF_CHANGING, false);
        approval.stream().filter(t -> !tools.contains(t)).findFirst().ifPresent(t ->
                open.error("require_approval", "names '" + t + "', which is not among open_mode.tools"));
        return new OpenModeSpec(tools, open.integer("max_spawned", 0, 0, 100), open.integer("max_triggers", 10, 0, 100),
                List.copyOf(hosts), approval);
    }

    /** The approval block's gated tools and the meta-tools open mode says need an approval. */
    static ApprovalPolicy gated(ApprovalPolicy policy, OpenModeSpec openMode) {
        if (openMode == null || openMode.requireApproval().isEmpty()) {
            return policy;
        }
        List<String> gated = new ArrayList<>(policy.tools());
        openMode.requireApproval().stream().filter(t -> !gated.contains(t)).forEach(gated::add);
        return new ApprovalPolicy(List.copyOf(gated), policy.timeout(), policy.onTimeout(), policy.noticeTo());
    }

    /** Where connect_mcp may connect: hosts the process may reach at all. */
    static void mcpHostsAllowed(Fields manifest, OpenModeSpec openMode, List<String> allow) {
        for (int i = 0; openMode != null && i < openMode.mcpHosts().size(); i++) {
            String host = openMode.mcpHosts().get(i).replace("*.", "any.");
            if (!HostPolicy.allows(allow, host)) {
                manifest.error("open_mode.mcp_hosts[" + i + "]", "'" + openMode.mcpHosts().get(i) + "' is not in network.allow");
            }
        }
    }

    private static List<String> names(Fields open, String field, Set<String> allowed, boolean required) {
        List<String> names = new ArrayList<>();
        JsonNode list = open.list(field, "must be a list of tool names");
        if (list == null) {
            if (required) {
                open.error(field, "is required: the meta-tools this process may use, each named (" + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
            return names;
        }
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i).asText("");
            if (!allowed.contains(name)) {
                open.error(field + "[" + i + "]", "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
            } else if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}

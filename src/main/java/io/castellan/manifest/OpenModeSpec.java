package io.castellan.manifest;

import java.util.List;
import java.util.Set;

/**
 * A manifest's {@code open_mode}: the meta-tools through which the agent may change itself or make
 * new processes, and the limits it works within. Its own manifest changes only through those tools,
 * which never touch the budget, secrets, network, model or this block.
 *
 * @param tools the meta-tools it has (each also among the manifest's tools)
 * @param maxSpawned how many processes it may have spawned at once
 * @param maxTriggers how many triggers its manifest may have after {@code modify_triggers}
 * @param mcpHosts the hosts {@code connect_mcp} may connect to (each also in {@code network.allow})
 * @param requireApproval the meta-tools whose every call waits for a person's decision
 */
public record OpenModeSpec(List<String> tools, int maxSpawned, int maxTriggers, List<String> mcpHosts, List<String> requireApproval) {

    /** The tools that change the process or make new ones. */
    public static final Set<String> SELF_CHANGING = Set.of("rewrite_instructions", "create_tool", "connect_mcp", "modify_triggers",
            "spawn_process");
    /** Every tool open mode may list: the self-changing ones, {@code inspect_state}, and built-in tools an open agent is given by name. */
    public static final Set<String> META_TOOLS = Set.of("rewrite_instructions", "create_tool", "connect_mcp", "modify_triggers",
            "spawn_process", "inspect_state", "send_message", "publish_event", "request_approval", "memory_store", "memory_search",
            "memory_manage");

    public boolean has(String tool) {
        return tools.contains(tool);
    }
}

package io.castellan.openmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.behaviour.HealthWatch;
import io.castellan.budget.BudgetDay;
import io.castellan.budget.Spending;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.OpenModeSpec;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import io.castellan.state.States;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * {@code inspect_state {}}: the agent's own manifest (the newest version), state, recent journal,
 * budget (limits and today's use), health (status and recent alerts) and open mode with what it
 * has used of it. Read-only, in the step's own transaction.
 */
@ApplicationScoped
public class InspectStateTool implements Tool {

    static final int RECENT = 20;

    @Inject
    private Processes processes;

    @Inject
    private States states;

    @Inject
    private Journal journal;

    @Inject
    private Spending spending;

    @Override
    public String name() {
        return "inspect_state";
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Shows you your own manifest, state, recent journal, budget limits and open mode limits with their use.")
                .parameters(JsonObjectSchema.builder().build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        AgentProcess process = processes.require(context.process());
        Manifest newest = processes.manifest(process.name(), process.version());
        ObjectNode result = Json.object().put("process", process.name()).put("state_of_process", process.state().name())
                .put("version", process.version()).put("manifest", processes.manifestText(process.name(), process.version()));
        result.set("state", states.snapshot(process.name()));
        ArrayNode recent = result.putArray("journal");
        List<JournalEntry> entries = journal.latest(process.name(), 0, java.util.EnumSet.allOf(io.castellan.journal.JournalType.class), RECENT);
        entries.forEach(e -> recent.addObject().put("seq", e.seq()).put("at", e.at().toString()).put("type", e.type().name())
                .put("invocation", e.invocationId()));
        ObjectNode budget = result.putObject("budget");
        budget.set("limits", Json.MAPPER.valueToTree(newest.budget()));
        java.time.Instant dayStart = BudgetDay.of(newest.budget(), java.time.Instant.now()).start();
        budget.put("cost_today_usd", spending.costSince(process.name(), dayStart).toPlainString())
                .put("invocations_today", spending.invocationsSince(process.name(), dayStart));
        ObjectNode health = result.putObject("health").put("status", HealthWatch.status(newest.health(), process));
        ArrayNode alerts = health.putArray("recent_alerts");
        journal.latest(process.name(), 0, java.util.Set.of(io.castellan.journal.JournalType.HEALTH_ALERT), 5)
                .forEach(e -> alerts.addObject().put("at", e.at().toString()).set("details", e.data()));
        OpenModeSpec open = newest.openMode();
        if (open != null) {
            ObjectNode limits = result.putObject("open_mode");
            limits.set("tools", Json.MAPPER.valueToTree(open.tools()));
            limits.put("max_spawned", open.maxSpawned()).put("spawned", processes.spawnedBy(process.name()))
                    .put("max_triggers", open.maxTriggers()).put("triggers", newest.triggers().size());
            limits.set("mcp_hosts", Json.MAPPER.valueToTree(open.mcpHosts()));
            limits.set("require_approval", Json.MAPPER.valueToTree(open.requireApproval()));
        }
        return result;
    }
}

package io.castellan.openmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.process.Processes;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * {@code spawn_process}: a new process from a manifest the agent wrote, with its parent's limits
 * or tighter, counted against {@code open_mode.max_spawned}. The parent's lock orders spawns, so
 * two at once cannot both take the last place; the step's {@code PROCESS_SPAWNED} entry makes a
 * retried step answer with the process it made.
 */
@ApplicationScoped
public class Spawns {

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private SelfChanges changes;

    @Inject
    private Journal journal;

    @Transactional(dontRollbackOn = Guardrail.class)
    public JsonNode spawn(ToolContext context, String manifestText, String reason) {
        Optional<JsonNode> done = changes.earlier(context);
        if (done.isPresent()) {
            return done.get();
        }
        changes.guarded(context, "spawn_process", () -> MetaTool.openMode(context.manifest(), "spawn_process"));
        AgentProcess parent = processLocks.lock(context.process());
        Manifest limits = processes.manifest(parent.name(), parent.version());
        Manifest child;
        try {
            child = processes.validate(manifestText);
        } catch (ProblemException e) {
            throw new ToolException("the manifest is invalid: " + e.said());
        }
        changes.guarded(context, "spawn_process", () -> {
            long spawned = processes.spawnedBy(parent.name());
            if (spawned >= limits.openMode().maxSpawned()) {
                throw new Guardrail("open_mode.max_spawned is " + limits.openMode().maxSpawned() + ": " + spawned + " spawned processes exist");
            }
            SpawnLimits.check(limits, child);
            return null;
        });
        AgentProcess made;
        try {
            made = processes.deploy(manifestText, context.source(), Processes.spawnReason(parent.name(), reason));
        } catch (ProblemException e) {
            throw new ToolException(e.getMessage());
        }
        ObjectNode result = Json.object().put("process", made.name()).put("state", made.state().name()).put("version", made.version());
        ObjectNode data = Json.object().put("tool", "spawn_process").put("reason", reason);
        data.set("result", result);
        journal.append(parent.name(), JournalType.PROCESS_SPAWNED, context.invocationId(), SelfChanges.key(context), data);
        return result;
    }
}

package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.castellan.invocation.execution.ClaimStep;
import io.castellan.invocation.execution.RunStart;
import io.castellan.manifest.Manifest;
import io.castellan.mission.Missions;
import io.castellan.process.Processes;
import io.castellan.state.States;
import io.castellan.tool.Tools;
import io.castellan.tool.Toolset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * What an invocation's loop needs before its first turn: its manifest, what its journal already
 * holds (a resumed one), the tools it may offer, what it recalls and the prompt it begins with.
 * Apart from {@link AgentLoop} so that the loop reads as its turns.
 */
@ApplicationScoped
class LoopPreparation {

    @Inject
    private ClaimStep claims;

    @Inject
    private Processes processes;

    @Inject
    private Tools tools;

    @Inject
    private States states;

    @Inject
    private ToolSteps toolSteps;

    @Inject
    private RecallSteps recallSteps;

    @Inject
    private ExtensionHooks extensionHooks;

    @Inject
    private ConversationCompaction compaction;

    @Inject
    private Missions missions;

    /**
     * The loop's start: its manifest, replay and tools; the tools it cannot have journaled (once);
     * its memories recalled (once) and its mission set into {@code loop}; its prompt (none for a
     * scripted model, the saved one after a checkpoint).
     */
    Prepared prepare(RunStart run, LoopState loop, LoopTransaction tx) {
        Manifest manifest = processes.manifest(run.process(), run.version());
        Replay replay = run.resumed() ? claims.replay(run.invocationId()) : Replay.none();
        loop.mission(missions.context(run.process(), manifest).orElse(null));
        Toolset toolset = tools.forManifest(manifest, run.process() + "@" + run.version());
        if (!toolset.unavailable().isEmpty() && !replay.started(StepKeys.toolsUnavailable())) {
            toolSteps.toolsUnavailable(run, toolset.unavailable());
        }
        boolean reflects = manifest.plansAndReflects();
        List<ToolSpecification> offered = manifest.isScripted() ? List.of()
                : reflects ? PlanActReflect.offered(toolset, toolset.specifications()) : toolset.specifications();
        if (manifest.memory().autoRecall() > 0 && !replay.fromCheckpoint()) {
            loop.recalled(replay.recalled() != null ? replay.recalled() : recallSteps.recall(run, loop.trigger(), manifest.memory(), tx));
        }
        Prompt prompt = null;
        if (replay.fromCheckpoint()) {
            loop.resumeFrom(replay.stepResults());
            prompt = replay.messages() == null ? null : new Prompt(replay.messages());
        } else if (!manifest.isScripted()) {
            JsonNode state = states.snapshot(run.process());
            prompt = new Prompt(extensionHooks.systemPrompt(run, manifest, Prompt.system(manifest)), manifest,
                    compaction.history(run, manifest, replay, loop.trigger(), state, offered, tx), loop.trigger(), state, loop.mission(), loop.recalled());
            if (reflects) {
                prompt.note(PlanActReflect.PLAN_FIRST);
            }
        }
        return new Prepared(manifest, replay, toolset, offered, reflects, prompt);
    }

    /** The loop's start, as {@link #prepare} found it. */
    record Prepared(Manifest manifest, Replay replay, Toolset toolset, List<ToolSpecification> offered, boolean reflects, Prompt prompt) {
    }
}

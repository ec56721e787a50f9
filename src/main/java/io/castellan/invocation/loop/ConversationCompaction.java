package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.castellan.conversation.ConversationTurn;
import io.castellan.conversation.Conversations;
import io.castellan.invocation.execution.RunStart;
import io.castellan.manifest.ContextOptions;
import io.castellan.manifest.Manifest;
import io.castellan.model.ModelException;
import io.castellan.model.ModelRequest;
import io.castellan.model.ModelResponse;
import io.castellan.model.Models;
import io.castellan.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a process's prompt within its budget ({@code context.max_tokens}). When the first prompt
 * of an invocation would exceed it, the older turns are summarised by the model or dropped
 * oldest-first, keeping the newest turns in about half the budget. Journaled as one step, so a
 * resumed invocation does not compact (or pay for a summary) twice.
 */
@ApplicationScoped
class ConversationCompaction {

    static final String SUMMARY_INSTRUCTIONS = "You compress the conversation history of an autonomous agent. Write a brief summary "
            + "that keeps the facts, decisions, open work and anything the agent promised. Answer with the summary only.";

    @Inject
    private Conversations conversations;

    @Inject
    private Models models;

    @Inject
    private ModelSteps modelSteps;

    /**
     * The conversation to put in the prompt, compacted first when it must be. A summary is asked
     * of the provider: what {@code tx} holds open (a recall's steps) commits before that call goes outside.
     */
    List<ConversationTurn> history(RunStart run, Manifest manifest, Replay replay, ObjectNode trigger, JsonNode state,
                                   List<ToolSpecification> tools, LoopTransaction tx) {
        List<ConversationTurn> history = conversations.of(run.process());
        if (history.isEmpty() || replay.started(StepKeys.compaction()) || replay.started(StepKeys.modelRequest(0))) {
            return history;
        }
        int budget = models.contextBudget(manifest);
        int historyTokens = history.stream().mapToInt(ConversationTurn::tokens).sum();
        int toolTokens = Prompt.toolTokens(tools);
        int estimate = new Prompt(manifest, history, trigger, state).estimatedTokens() + toolTokens;
        if (estimate <= budget) {
            return history;
        }
        int room = Math.max(0, budget - (estimate - historyTokens));
        List<ConversationTurn> older = older(history, room / 2);
        boolean summarize = manifest.context().compaction() == ContextOptions.Compaction.SUMMARIZE;
        ObjectNode data = Json.object().put("mode", summarize ? "summarize" : "truncate").put("estimated_tokens", estimate)
                .put("budget", budget).put("compacted_turns", older.size()).put("kept_turns", history.size() - older.size());
        String summary = null;
        ModelResponse answer = null;
        if (summarize) {
            tx.commit();
            try {
                answer = models.forManifest(manifest).respond(new ModelRequest(run.invocationId(), -1, manifest, Json.object(),
                        List.of(SystemMessage.from(SUMMARY_INSTRUCTIONS), UserMessage.from(transcript(older))), List.of()));
                summary = answer.reply();
                data.put("summary", summary);
            } catch (ModelException e) {
                data.put("mode", "truncate").put("summary_error", e.getMessage());
            }
        }
        modelSteps.compacted(run, manifest, older.stream().map(ConversationTurn::id).toList(), summary, data, answer == null ? null : answer.usage());
        return conversations.of(run.process());
    }

    /** The turns that do not fit: all but the newest ones within {@code keep} tokens, cut at a trigger. */
    static List<ConversationTurn> older(List<ConversationTurn> history, int keep) {
        int kept = 0;
        int cut = history.size();
        for (int i = history.size() - 1; i >= 0; i--) {
            ConversationTurn turn = history.get(i);
            if (turn.role() == ConversationTurn.Role.SUMMARY || kept + turn.tokens() > keep) {
                break;
            }
            kept += turn.tokens();
            cut = i;
        }
        while (cut < history.size() && history.get(cut).role() != ConversationTurn.Role.USER) {
            cut++;
        }
        return new ArrayList<>(history.subList(0, cut));
    }

    private static String transcript(List<ConversationTurn> turns) {
        StringBuilder text = new StringBuilder();
        for (ConversationTurn turn : turns) {
            String who = switch (turn.role()) {
                case SUMMARY -> "Earlier summary";
                case USER -> "Trigger";
                case ASSISTANT -> "Agent";
            };
            text.append(who).append(":\n").append(turn.content()).append("\n\n");
        }
        return text.toString().strip();
    }
}

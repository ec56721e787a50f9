package io.castellan.history;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.castellan.conversation.ConversationTurn;
import io.castellan.conversation.Conversations;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.memory.Memories;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import io.castellan.state.States;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/**
 * Time travel: a new process made from another as it was at a point of its past (its manifest
 * then, each state key's value then, its conversation then), in one transaction. A point inside
 * an invocation that had not ended is refused: its steps were half done.
 */
@ApplicationScoped
public class Forks {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Inject
    private Processes processes;

    @Inject
    private ForkPoints points;

    @Inject
    private States states;

    @Inject
    private Conversations conversations;

    @Inject
    private Journal journal;

    @Inject
    private Memories memories;

    @Transactional
    public AgentProcess fork(String source, String at, String name, String actor) {
        processes.require(source);
        ForkPoint point = points.of(source, at);
        AgentProcess forked = processes.deploy(renamed(processes.manifestText(source, point.version()), name), actor,
                "fork of " + source + " at " + point.described());
        Map<String, JsonNode> state = states.asOf(source, point.at());
        state.forEach((key, value) -> states.set(name, key, value, "fork:" + source, null));
        List<ConversationTurn> turns = conversations.of(source).stream().filter(t -> !t.at().isAfter(point.at())).toList();
        turns.forEach(t -> conversations.append(name, t.invocationId(), t.role(), t.content(), t.at()));
        int copied = memories.copy(memories.asOf(source, point.at()), name, "fork:" + source);
        journal.append(name, JournalType.PROCESS_FORKED, null, Json.object().put("from", source).put("at", point.described())
                .put("point", point.at().toString()).put("version", point.version()).put("state_keys", state.size())
                .put("conversation_turns", turns.size()).put("memories", copied));
        return forked;
    }

    /** The manifest with the new name: the one field that must differ (comments and layout are not kept). */
    private static String renamed(String manifest, String name) {
        try {
            JsonNode root = YAML.readTree(manifest);
            ((ObjectNode) root).put("name", name);
            return YAML.writeValueAsString(root);
        } catch (JacksonException | ClassCastException e) {
            throw ProblemException.conflict("the stored manifest could not be read to rename it: " + e.getMessage());
        }
    }
}

package io.castellan.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.conversation.Conversations;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.process.ProcessState;
import io.castellan.state.StateEntry;
import io.castellan.state.States;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;

/**
 * Sets a paused process's state and conversation back to a point of its past, in one transaction,
 * as new changes: each key written back or removed is a change of its history (the later values
 * stay in it), the conversation turns made after the point leave the model's buffer (the journal
 * keeps what they said), and {@code PROCESS_REWOUND} says what was done. The manifest is not
 * touched (a rollback does that).
 */
@ApplicationScoped
public class Rewinds {

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private ForkPoints points;

    @Inject
    private States states;

    @Inject
    private Conversations conversations;

    @Inject
    private Journal journal;

    @Transactional
    public ObjectNode rewind(String name, String at, String actor) {
        AgentProcess process = processLocks.lock(name);
        if (process.state() != ProcessState.PAUSED || process.activeInvocation() != null) {
            throw ProblemException.conflict("process '" + name + "' must be paused, with no invocation running or waiting, to be rewound (it is "
                    + process.state() + (process.activeInvocation() == null ? "" : ", invocation " + process.activeInvocation() + " holds it") + ")");
        }
        ForkPoint point = points.of(name, at);
        Map<String, JsonNode> then = states.asOf(name, point.at());
        String source = "rewind:" + actor;
        int removed = 0;
        Map<String, JsonNode> current = new java.util.HashMap<>();
        for (StateEntry now : states.all(name)) {
            if (then.containsKey(now.key())) {
                current.put(now.key(), now.value());
            } else if (states.remove(name, now.key(), source, null)) {
                removed++;
            }
        }
        int written = 0;
        for (Map.Entry<String, JsonNode> value : then.entrySet()) {
            if (!value.getValue().equals(current.get(value.getKey()))) {
                states.set(name, value.getKey(), value.getValue(), source, null);
                written++;
            }
        }
        int dropped = conversations.dropAfter(name, point.at());
        ObjectNode done = Json.object().put("process", name).put("at", point.described()).put("point", point.at().toString())
                .put("state_written", written).put("state_removed", removed).put("conversation_turns_dropped", dropped).put("by", actor);
        journal.append(name, JournalType.PROCESS_REWOUND, null, done.deepCopy());
        return done;
    }
}

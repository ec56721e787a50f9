package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.inbox.Inbox;
import io.castellan.inbox.InboxMessage;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.StopSignal;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a turn: the operators' messages waiting in the process's inbox are taken and
 * journaled ({@code INBOX_DELIVERED}, keyed by the turn) in the step transaction that then records
 * the model request, so a turn run again after a crash shows the same messages and takes no more.
 */
@ApplicationScoped
class InboxSteps {

    @Inject
    private Inbox inbox;

    @Inject
    private Journal journal;

    /**
     * The operators' messages this turn shows the model: those it took before (journaled), or, for
     * a turn not yet asked ({@code live}), the inbox's pending ones, taken now.
     */
    void hear(RunStart run, Replay replay, int turn, LoopState loop, Prompt prompt, boolean live) {
        List<JsonNode> notes = replay.inbox(turn);
        if (notes == null) {
            notes = live ? deliver(run, turn) : List.of();
        }
        loop.inbox(notes);
        if (prompt != null && !notes.isEmpty()) {
            prompt.operatorMessages(notes);
        }
    }

    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    List<JsonNode> deliver(RunStart run, int turn) {
        List<InboxMessage> taken = inbox.take(run.process(), run.invocationId(), turn);
        if (taken.isEmpty()) {
            return List.of();
        }
        ObjectNode data = Json.object().put("turn", turn);
        ArrayNode messages = data.putArray("messages");
        List<JsonNode> notes = new ArrayList<>();
        for (InboxMessage m : taken) {
            ObjectNode note = Inbox.note(m);
            messages.add(note);
            notes.add(note);
        }
        journal.append(run.process(), JournalType.INBOX_DELIVERED, run.invocationId(), StepKeys.inbox(turn), data);
        return notes;
    }
}

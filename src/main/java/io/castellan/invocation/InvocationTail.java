package io.castellan.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.JournalEntry;
import io.castellan.model.AnswerStreams;
import io.castellan.platform.Json;
import io.castellan.platform.SseFeed;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.List;

/**
 * One invocation as it happens, for its live stream: the pieces of an answer being written
 * ({@code token}, from this server's memory), and from its journal each tool call the model asked
 * for ({@code tool_call}), each whole answer ({@code answer}), each step's result ({@code step}), a
 * durable wait ({@code waiting}) and the end ({@code end}), after which the stream closes. Each
 * event's id is where the stream is ({@link StreamPosition}), so a client that reconnects with
 * {@code Last-Event-ID} goes on from there.
 */
final class InvocationTail implements SseFeed.Source {

    /** The journal is read every third poll; the pieces of an answer at each. */
    private static final int JOURNAL_EVERY = 3;

    private final String invocationId;
    private final Invocations invocations;
    private final AnswerStreams answers;
    private StreamPosition at;
    private int polls;
    private boolean ended;

    InvocationTail(String invocationId, StreamPosition from, Invocations invocations, AnswerStreams answers) {
        this.invocationId = invocationId;
        this.at = from;
        this.invocations = invocations;
        this.answers = answers;
    }

    @Override
    public List<OutboundSseEvent> next(Sse sse) {
        List<OutboundSseEvent> events = new ArrayList<>();
        pieces(sse, events);
        if (polls++ % JOURNAL_EVERY == 0) {
            for (JournalEntry entry : invocations.journalOf(invocationId, at.seq())) {
                at = at.withSeq(entry.seq());
                journaled(sse, entry, events);
            }
        }
        return events;
    }

    @Override
    public boolean finished() {
        return ended;
    }

    private void pieces(Sse sse, List<OutboundSseEvent> events) {
        AnswerStreams.Pieces now = answers.after(invocationId, 0);
        if (now == null) {
            return;
        }
        if (now.turn() != at.turn() || now.attempt() != at.attempt()) {
            if (now.turn() == at.turn() && now.attempt() > at.attempt() && at.piece() > 0) {
                // the call was made again: what was written so far is void
                events.add(event(sse, "retry", Json.object().put("turn", now.turn()).put("attempt", now.attempt())));
            }
            at = at.withAnswer(now.turn(), now.attempt(), 0);
        }
        List<String> pieces = now.pieces();
        for (int i = at.piece(); i < pieces.size(); i++) {
            at = at.withAnswer(now.turn(), now.attempt(), i + 1);
            events.add(event(sse, "token", Json.object().put("turn", now.turn()).put("text", pieces.get(i))));
        }
    }

    private void journaled(Sse sse, JournalEntry entry, List<OutboundSseEvent> events) {
        JsonNode data = entry.data();
        switch (entry.type()) {
            case MODEL_RESPONSE -> {
                JsonNode response = data.path("response");
                for (JsonNode call : response.path("tool_calls")) {
                    ObjectNode e = Json.object().put("turn", data.path("turn").asInt()).put("tool", call.path("tool").asText());
                    e.set("args", call.path("args"));
                    events.add(event(sse, "tool_call", e));
                }
                String text = response.hasNonNull("reply") ? response.get("reply").asText() : response.path("text").asText(null);
                if (text != null) {
                    events.add(event(sse, "answer", Json.object().put("turn", data.path("turn").asInt()).put("text", text)));
                }
            }
            case TOOL_RESULT, TOOL_ERROR -> {
                ObjectNode e = Json.object().put("step", data.path("step").asInt()).put("tool", data.path("tool").asText());
                e.set(entry.type() == io.castellan.journal.JournalType.TOOL_RESULT ? "result" : "error",
                        data.has("result") ? data.get("result") : data.path("error"));
                events.add(event(sse, "step", e));
            }
            case INVOCATION_WAITING -> events.add(event(sse, "waiting", data));
            case INVOCATION_COMPLETED, INVOCATION_FAILED, INVOCATION_CANCELLED -> {
                ObjectNode e = Json.object().put("status", entry.type().name().substring("INVOCATION_".length()));
                e.setAll((ObjectNode) data.deepCopy());
                events.add(event(sse, "end", e));
                ended = true;
            }
            default -> {
                // the rest of the journal is the journal stream's
            }
        }
    }

    private OutboundSseEvent event(Sse sse, String name, JsonNode data) {
        return sse.newEventBuilder().id(at.toString()).name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(Json.write(data)).build();
    }
}

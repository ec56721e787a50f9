package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.StopSignal;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.MemorySpec;
import io.castellan.memory.Memories;
import io.castellan.memory.MemoryInput;
import io.castellan.memory.MemoryView;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;
import java.util.Set;

/**
 * {@code memory.auto_recall}: before the first prompt, the process's memories nearest to the
 * trigger are found and journaled ({@code MEMORY_RECALLED}, keyed {@code recall}), so that a
 * resumed invocation shows its model the same ones.
 */
@ApplicationScoped
class RecallSteps {

    /** The trigger's text that is searched for: a model's context is long, a query need not be. */
    static final int MAX_QUERY_CHARS = 2_000;

    @Inject
    private Memories memories;

    @Inject
    private Journal journal;

    @Inject
    private EmbeddingsAhead embeddingsAhead;

    /** Its own proxy, so that {@link #found} runs inside its transactional interceptor. */
    @Inject
    private RecallSteps self;

    /**
     * Found now, in the loop's transaction (begun here when none is open): the first prompt is not
     * asked yet. A provider's embedding of the query is asked before, with nothing held open.
     */
    List<JsonNode> recall(RunStart run, ObjectNode trigger, MemorySpec memory, LoopTransaction tx) {
        String query = query(trigger);
        try (var ahead = embeddingsAhead.ask(run, memory, tx, List.of(query), List.of())) {
            tx.ensure();
            return self.found(run, query, memory.autoRecall());
        }
    }

    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    List<JsonNode> found(RunStart run, String query, int count) {
        ObjectNode data = Json.object().put("query", query);
        List<JsonNode> found;
        try {
            found = memories.search(run.process(), query, count, Set.of()).stream()
                    .map(f -> (JsonNode) Json.MAPPER.valueToTree(MemoryView.of(f))).toList();
        } catch (ProblemException unavailable) {
            // a provider's embedding model that fails costs the recall, not the invocation
            found = List.of();
            data.put("error", unavailable.getMessage());
        }
        data.putArray("memories").addAll(found);
        journal.append(run.process(), JournalType.MEMORY_RECALLED, run.invocationId(), StepKeys.recall(), data);
        return found;
    }

    /**
     * The payload's words: a string as it is, an object's values as {@code key: value} lines (braces
     * and quotes would only blur the meaning the model embeds).
     */
    static String query(ObjectNode trigger) {
        StringBuilder words = new StringBuilder();
        words(null, trigger.path("payload"), words);
        String text = words.toString().strip();
        if (MemoryInput.blank(text)) {
            text = trigger.path("kind").asText("trigger");
        }
        return text.length() > MAX_QUERY_CHARS ? text.substring(0, MAX_QUERY_CHARS) : text;
    }

    private static void words(String key, JsonNode value, StringBuilder into) {
        if (into.length() > MAX_QUERY_CHARS) {
            return;
        }
        if (value.isObject()) {
            value.properties().forEach(e -> words(e.getKey(), e.getValue(), into));
        } else if (value.isArray()) {
            value.forEach(item -> words(key, item, into));
        } else if (!value.isNull() && !value.isMissingNode()) {
            into.append(key == null ? "" : key + ": ").append(value.asText()).append('\n');
        }
    }
}

package io.castellan.invocation.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.execution.StopSignal;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.memory.Embedders;
import io.castellan.memory.Memories;
import io.castellan.memory.MemoryInput;
import io.castellan.model.ModelResponse;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;

/**
 * What {@code plan_act_reflect} records, each in the step transaction of the turn or tool step it
 * belongs to, so that a resumed invocation finds it with the answer it came from: the plan with the
 * first turn's answer, the feedback with the tool's outcome, the reflection (and its memory) with
 * the invocation's completion.
 */
@ApplicationScoped
class ProtocolSteps {

    @Inject
    private ModelSteps modelSteps;

    @Inject
    private Journal journal;

    @Inject
    private Memories memories;

    @Inject
    private EmbeddingsAhead embeddingsAhead;

    @Transactional(value = TxType.REQUIRED, dontRollbackOn = StopSignal.class)
    void planned(RunStart run, Manifest manifest, int turn, ModelResponse response, List<String> steps) {
        modelSteps.modelResponse(run, manifest, turn, response);
        ObjectNode data = Json.object().put("turn", turn);
        data.set("steps", Json.MAPPER.valueToTree(steps));
        journal.append(run.process(), JournalType.PLAN, run.invocationId(), StepKeys.plan(), data);
    }

    /** In the transaction that holds the tool's outcome. */
    @Transactional(value = TxType.MANDATORY, dontRollbackOn = StopSignal.class)
    void feedback(RunStart run, int step, String tool, String expected, JsonNode outcome) {
        ObjectNode data = Json.object().put("step", step).put("tool", tool).put("expected", expected);
        data.set("actual", outcome);
        journal.append(run.process(), JournalType.FEEDBACK, run.invocationId(), StepKeys.feedback(step), data);
    }

    /** A provider's embedding of the reflection's memory, asked before the transaction that stores it opens. */
    Embedders.Ahead embedAhead(RunStart run, Manifest manifest, ModelResponse reflection, LoopTransaction tx) {
        String text = memoryText(stripped(reflection));
        return embeddingsAhead.ask(run, manifest.memory(), tx, List.of(), text == null ? List.of() : List.of(text));
    }

    /** The reflection turn's answer ends the invocation with the act's reply; the reflection is journaled and remembered. */
    void reflected(RunStart run, Manifest manifest, int turn, ModelResponse reflection, String reply, String remembered) {
        String text = stripped(reflection);
        String memory = memoryText(text);
        modelSteps.replied(run, manifest, turn, reflection, reply, remembered, () -> {
            ObjectNode data = Json.object().put("turn", turn).put("text", text);
            if (memory != null) {
                try {
                    data.put("memory", memories.store(run.process(), new MemoryInput(memory, List.of("reflection"), null),
                            "agent:" + run.invocationId(), run.invocationId()).memoryId());
                } catch (ProblemException unavailable) {
                    data.put("memory_error", unavailable.getMessage());
                }
            }
            journal.append(run.process(), JournalType.REFLECTION, run.invocationId(), data);
        });
    }

    private static String stripped(ModelResponse reflection) {
        return reflection.text() == null ? "" : reflection.text().strip();
    }

    /**
     * What a reflection remembers: its stripped text, cut to a quarter of a memory's most (in chars,
     * so at most three quarters of its bytes), never between the two halves of a surrogate pair;
     * null when it says nothing ({@link MemoryInput#blank}: nothing to embed).
     */
    static String memoryText(String text) {
        if (MemoryInput.blank(text)) {
            return null;
        }
        int most = MemoryInput.MAX_TEXT_BYTES / 4;
        if (text.length() <= most) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(most - 1)) ? most - 1 : most);
    }
}

package io.castellan.invocation.loop;

import io.castellan.invocation.execution.Executions;
import io.castellan.invocation.execution.RunStart;
import io.castellan.manifest.MemorySpec;
import io.castellan.memory.Embedders;
import io.castellan.memory.Memories;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * A provider's embeddings for a loop step that stores or searches memories (the recall, a
 * reflection), asked before the step's transaction opens: the loop's work is committed first, so
 * the call holds no lock (the process's, which the accepts of its triggers wait for), and a cancel
 * interrupts it. The in-server embedder is not outside, and is left to the step.
 */
@ApplicationScoped
class EmbeddingsAhead {

    @Inject
    private Memories memories;

    @Inject
    private Executions executions;

    /** The texts embedded ahead until closed; null when there is nothing to ask a provider. */
    Embedders.Ahead ask(RunStart run, MemorySpec memory, LoopTransaction tx, List<String> searched, List<String> stored) {
        if (memory.local() || searched.isEmpty() && stored.isEmpty()) {
            return null;
        }
        tx.commit();
        return executions.outside(run.invocationId(), () -> memories.ahead(run.process(), searched, stored));
    }
}

package io.castellan.manifest;

import java.util.Set;

/**
 * Reads a manifest's {@code memory: {auto_recall: 5, embedding: local}}. The memory tools are named
 * in {@code tools} like any other; this block only tunes what the engine does with the memory.
 */
final class MemoryBlock {

    static final int MAX_RECALL = 20;

    private MemoryBlock() {
    }

    static MemorySpec read(Fields manifest) {
        Fields memory = manifest.block("memory", Set.of("auto_recall", "embedding"));
        if (memory == null) {
            return MemorySpec.NONE;
        }
        int recall = memory.integer("auto_recall", 0, 0, MAX_RECALL);
        String embedding = memory.text("embedding", false);
        if (embedding != null && !"local".equals(embedding)) {
            memory.error("embedding", "must be local (the in-server all-MiniLM-L6-v2 model); provider embedding models are not built yet");
        }
        return new MemorySpec(recall, "local");
    }
}

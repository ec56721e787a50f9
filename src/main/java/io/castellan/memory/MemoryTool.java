package io.castellan.memory;

import io.castellan.platform.ProblemException;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolException;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * What the three memory tools share: they touch only the database, so they run inside the
 * transaction that records their result (a retried step never stores twice), and a problem the
 * API would answer is the tool's error, in the words a model reads.
 */
abstract class MemoryTool implements Tool {

    @Inject
    Memories memories;

    @Override
    public boolean transactional() {
        return true;
    }

    static <T> T checked(Supplier<T> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            throw new ToolException(e.said());
        }
    }
}

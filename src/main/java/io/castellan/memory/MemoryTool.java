package io.castellan.memory;

import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolException;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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
            if (e.errors().isEmpty()) {
                throw new ToolException(e.getMessage());
            }
            throw new ToolException(e.errors().stream().map(MemoryTool::said).collect(Collectors.joining("; ")));
        }
    }

    private static String said(FieldError error) {
        return error.field() + " " + error.reason();
    }
}

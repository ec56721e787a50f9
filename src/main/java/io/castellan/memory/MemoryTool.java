package io.castellan.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.ProblemException;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the three memory tools share: they touch only the database, so they run inside the
 * transaction that records their result (a retried step never stores twice), and a problem the
 * API would answer is the tool's error, in the words a model reads. A provider's embedding model
 * is the exception to "only the database": its call is made before that transaction opens.
 */
abstract class MemoryTool implements Tool {

    @Inject
    Memories memories;

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public Fetched beforeTransaction(ToolContext context, JsonNode args, Outside outside) {
        List<String> searched = searched(args);
        List<String> stored = stored(args);
        if (searched.isEmpty() && stored.isEmpty() || context.manifest().memory().local()) {
            return null;
        }
        return outside.call(() -> memories.ahead(context.process(), searched, stored)::close);
    }

    /** The texts a valid call searches with (none when its arguments are not valid: it embeds nothing). */
    List<String> searched(JsonNode args) {
        return List.of();
    }

    /** The texts a valid call stores, before their redaction. */
    List<String> stored(JsonNode args) {
        return List.of();
    }

    static <T> T checked(Supplier<T> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            throw new ToolException(e.said());
        }
    }
}

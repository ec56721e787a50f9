package io.castellan.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A memory as the API and the tools show it: its id, text, tags and metadata, who changed it last
 * and when; {@code score} (cosine similarity, -1..1) only in search results.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryView(String id, String process, String text, List<String> tags, JsonNode metadata, String source, Instant at,
                         Double score) {

    public static MemoryView of(MemoryRow row) {
        return new MemoryView(row.memoryId(), row.processName(), row.text(), row.tags(), row.metadata(), row.source(), row.at(), null);
    }

    public static MemoryView of(Memories.Found found) {
        MemoryView view = of(found.memory());
        return new MemoryView(view.id, view.process, view.text, view.tags, view.metadata, view.source, view.at,
                Math.round(found.score() * 1000) / 1000.0);
    }
}

package io.castellan.journal;

import io.castellan.platform.Json;
import io.castellan.platform.SseFeed;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;

/**
 * One process's journal for an event stream: the entries after a position, then each new entry
 * soon after it commits. Each event's id is the entry's sequence number, so a client that
 * reconnects with {@code Last-Event-ID} misses nothing and sees nothing twice.
 */
final class JournalTail implements SseFeed.Source {

    static final int BATCH = 200;

    private final String process;
    private final Journal journal;
    private long after;

    JournalTail(String process, long after, Journal journal) {
        this.process = process;
        this.after = after;
        this.journal = journal;
    }

    @Override
    public List<OutboundSseEvent> next(Sse sse) {
        List<JournalEntry> entries = journal.after(process, after, BATCH);
        if (!entries.isEmpty()) {
            after = entries.get(entries.size() - 1).seq();
        }
        return entries.stream().map(e -> sse.newEventBuilder().id(Long.toString(e.seq())).name("journal")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(Json.write(new JournalResource.EntryView(e.seq(), e.at(), e.type().name(), e.invocationId(), e.data())))
                .build()).toList();
    }
}

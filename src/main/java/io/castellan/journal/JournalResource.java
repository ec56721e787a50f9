package io.castellan.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.platform.Cursor;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import io.castellan.platform.SseFeeds;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A process's journal, read in order from any sequence number. */
@Path("processes/{name}/journal")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.VIEWER)
public class JournalResource {

    /** How many entries a stream without a position starts with. */
    static final int TAIL = 100;

    public record EntryView(long seq, Instant at, String type, String invocationId, JsonNode data) {
    }

    @Inject
    private Journal journal;

    @Inject
    private Processes processes;

    @Inject
    private SseFeeds feeds;

    /** How often a stream looks for new entries. */
    static final Duration STREAM_POLL = Duration.ofMillis(500);

    /** In order from after {@code after}, or (with {@code tail}) the last {@code tail} entries. */
    @GET
    public Page<EntryView> read(@PathParam("name") String name, @QueryParam("after") String after, @QueryParam("tail") Integer tail,
                                @QueryParam("limit") Integer limit) {
        processes.require(name);
        int size = Cursor.limit(limit, 100, 1000);
        long from = sequence(after);
        if (tail != null) {
            if (after != null) {
                throw ProblemException.invalid("tail", "cannot be combined with after");
            }
            if (tail < 1 || tail > 1000) {
                throw ProblemException.invalid("tail", "must be a whole number from 1 to 1000");
            }
            size = tail;
            from = Math.max(0, journal.lastSeq(name) - tail);
        }
        List<EntryView> items = journal.after(name, from, size).stream()
                .map(e -> new EntryView(e.seq(), e.at(), e.type().name(), e.invocationId(), e.data()))
                .toList();
        String next = items.size() == size ? Long.toString(items.get(items.size() - 1).seq()) : null;
        return new Page<>(items, next);
    }

    /**
     * The journal as Server-Sent Events ({@code event: journal}, {@code id:} the sequence number,
     * {@code data:} the entry as JSON), live: from after {@code Last-Event-ID} or {@code ?after=},
     * or from the last {@value #TAIL} entries, then each new one as it commits.
     */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("name") String name, @HeaderParam("Last-Event-ID") String lastEventId,
                       @QueryParam("after") String after, @Context SseEventSink sink, @Context Sse sse) {
        processes.require(name);
        long from;
        if (lastEventId != null && !lastEventId.isBlank()) {
            from = sequence(lastEventId, "Last-Event-ID");
        } else if (after != null && !after.isBlank()) {
            from = sequence(after, "after");
        } else {
            from = Math.max(0, journal.lastSeq(name) - TAIL);
        }
        feeds.start(new JournalTail(name, from, journal), sink, sse, STREAM_POLL);
    }

    private static long sequence(String after) {
        return after == null || after.isBlank() ? 0 : sequence(after, "after");
    }

    private static long sequence(String value, String field) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "must be a journal sequence number");
        }
    }
}

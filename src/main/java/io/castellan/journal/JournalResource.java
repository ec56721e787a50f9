package io.castellan.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.platform.Cursor;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** A process's journal, read in order from any sequence number. */
@Path("processes/{name}/journal")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.VIEWER)
public class JournalResource {

    public record EntryView(long seq, Instant at, String type, String invocationId, JsonNode data) {
    }

    @Inject
    private Journal journal;

    @Inject
    private Processes processes;

    @GET
    public Page<EntryView> read(@PathParam("name") String name, @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        processes.require(name);
        int size = Cursor.limit(limit, 100, 1000);
        List<EntryView> items = journal.after(name, sequence(after), size).stream()
                .map(e -> new EntryView(e.seq(), e.at(), e.type().name(), e.invocationId(), e.data()))
                .toList();
        String next = items.size() == size ? Long.toString(items.get(items.size() - 1).seq()) : null;
        return new Page<>(items, next);
    }

    private static long sequence(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("after", "must be a journal sequence number");
        }
    }
}

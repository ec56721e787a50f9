package io.castellan.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.platform.Cursor;
import io.castellan.platform.FieldError;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /processes/{name}/memories}: a process's long-term memory. Listed newest first, or with
 * {@code q} searched by meaning (nearest first, with the score); operators store and delete.
 */
@Path("processes/{name}/memories")
@Produces(MediaType.APPLICATION_JSON)
public class MemoryResource {

    static final int MAX_SEARCH_LIMIT = 50;

    @Inject
    private Memories memories;

    @Inject
    private Processes processes;

    @Context
    private SecurityContext security;

    @GET
    @Allowed(Role.VIEWER)
    public Page<MemoryView> list(@PathParam("name") String name, @QueryParam("q") String query, @QueryParam("tags") String tags,
                                 @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        processes.require(name);
        if (query != null) {
            if (MemoryInput.blank(query)) {
                throw ProblemException.invalid("q", "must be the text to search for, or left out to list the memories");
            }
            if (query.length() > MemoryInput.MAX_TEXT_BYTES) {
                throw ProblemException.invalid("q", "may be at most 32 KiB");
            }
            int size = Cursor.limit(limit, 5, MAX_SEARCH_LIMIT);
            Set<String> wanted = tags(tags);
            // the query embedded before the search's transaction: a provider's call holds no database connection
            try (Embedders.Ahead ahead = memories.ahead(name, List.of(query), List.of())) {
                return Page.of(memories.search(name, query, size, wanted).stream().map(MemoryView::of).toList());
            }
        }
        if (tags != null) {
            throw ProblemException.invalid("tags", "filters a search: give q too");
        }
        int size = Cursor.limit(limit, 100, 1000);
        List<MemoryRow> rows = memories.list(name, before(cursor), size + 1);
        String next = rows.size() > size ? Cursor.encode(Long.toString(rows.get(size - 1).id())) : null;
        return new Page<>(rows.stream().limit(size).map(MemoryView::of).toList(), next);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    @APIResponse(responseCode = "201", description = "The memory, stored and searchable (Location: its URL)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = MemoryView.class)))
    public Response store(@PathParam("name") String name, JsonNode body, @Context UriInfo uri) {
        MemoryInput input = MemoryInput.of(body);
        processes.require(name);
        MemoryRow row;
        // the text embedded before the transaction that stores it: a provider's call holds no database connection
        try (Embedders.Ahead ahead = memories.ahead(name, List.of(), List.of(input.text()))) {
            row = memories.storeAlone(name, input, Caller.source(security));
        }
        return Response.created(uri.getAbsolutePathBuilder().path(row.memoryId()).build()).entity(MemoryView.of(row)).build();
    }

    @GET
    @Path("{id}")
    @Allowed(Role.VIEWER)
    public MemoryView get(@PathParam("name") String name, @PathParam("id") String id) {
        processes.require(name);
        return MemoryView.of(memories.find(name, id).orElseThrow(() -> ProblemException.notFound("memory '" + id + "' of " + name)));
    }

    @DELETE
    @Path("{id}")
    @Allowed(Role.OPERATOR)
    @Transactional
    @APIResponse(responseCode = "204", description = "Deleted: searches no longer find it (a fork at an earlier point still has it)")
    public Response delete(@PathParam("name") String name, @PathParam("id") String id) {
        processes.require(name);
        memories.delete(name, id, Caller.source(security), null);
        return Response.noContent().build();
    }

    /** {@code a,b}: a search finds only memories with every one of these tags. */
    static Set<String> tags(String tags) {
        if (tags == null || tags.isBlank()) {
            return Set.of();
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> list = MemoryInput.tags(io.castellan.platform.Json.MAPPER.valueToTree(List.of(tags.split(",", -1))), "tags", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new LinkedHashSet<>(list);
    }

    private static long before(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            return Long.parseLong(Cursor.decode(cursor));
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }
}

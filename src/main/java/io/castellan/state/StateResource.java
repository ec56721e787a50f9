package io.castellan.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.platform.Cursor;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;

/** Read a process's state, write a key, and read a key's history. */
@Path("processes/{name}/state")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

    public record StateView(String key, JsonNode value, Instant updated_at) {
    }

    public record ChangeView(Instant at, JsonNode value, String source, boolean deleted) {
    }

    @Inject
    private States states;

    @Inject
    private Processes processes;

    @Context
    private SecurityContext security;

    @GET
    @Allowed(Role.VIEWER)
    public Page<StateView> all(@PathParam("name") String name) {
        processes.require(name);
        return Page.of(states.all(name).stream().map(StateResource::view).toList());
    }

    @GET
    @Path("{key}")
    @Allowed(Role.VIEWER)
    public StateView get(@PathParam("name") String name, @PathParam("key") String key) {
        processes.require(name);
        return states.get(name, key).map(StateResource::view)
                .orElseThrow(() -> ProblemException.notFound("state key '" + key + "' of process '" + name + "'"));
    }

    @PUT
    @Path("{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public StateView put(@PathParam("name") String name, @PathParam("key") String key, JsonNode value) {
        // refusals before the transaction, not out of it: Liberty records that as an FFDC incident per distinct message
        if (value == null || value.isMissingNode()) {
            throw ProblemException.invalid("body", "must be a JSON value");
        }
        States.checkKey(key);
        processes.require(name);
        states.setAlone(name, key, value, Caller.source(security));
        return new StateView(key, value, Instant.now());
    }

    @GET
    @Path("{key}/history")
    @Allowed(Role.VIEWER)
    public Page<ChangeView> history(@PathParam("name") String name, @PathParam("key") String key,
                                    @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        processes.require(name);
        if (states.get(name, key).isEmpty() && states.history(name, key, 0, 1).isEmpty()) {
            // a key removed by a rewind keeps its history
            throw ProblemException.notFound("state key '" + key + "' of process '" + name + "'");
        }
        int size = Cursor.limit(limit, 100, 1000);
        long after = cursor == null ? 0 : parse(Cursor.decode(cursor));
        var changes = states.history(name, key, after, size);
        List<ChangeView> items = changes.stream().map(c -> new ChangeView(c.at(), c.value(), c.source(), c.deleted())).toList();
        String next = changes.size() == size ? Cursor.encode(Long.toString(changes.get(changes.size() - 1).id())) : null;
        return new Page<>(items, next);
    }

    private static long parse(String position) {
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }

    private static StateView view(StateEntry entry) {
        return new StateView(entry.key(), entry.value(), entry.updatedAt());
    }
}

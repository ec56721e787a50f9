package io.castellan.process;

import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.platform.Cursor;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/** A process's versions: each manifest as deployed (who, when, why), the diff between two, and a rollback to one. */
@Path("processes/{name}/versions")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessVersionsResource {

    @Inject
    private Processes processes;

    @Context
    private SecurityContext security;

    @GET
    @Allowed(Role.VIEWER)
    public Page<VersionView> list(@PathParam("name") String name, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Cursor.limit(limit, 100, 1000);
        Integer before = cursor == null ? null : version("cursor", Cursor.decode(cursor));
        List<ProcessVersion> found = processes.versions(name, before, size);
        int current = processes.require(name).version();
        String next = found.size() == size ? Cursor.encode(String.valueOf(found.get(found.size() - 1).version())) : null;
        return new Page<>(found.stream().map(v -> VersionView.of(v, name, current, false)).toList(), next);
    }

    @GET
    @Path("{version}")
    @Allowed(Role.VIEWER)
    public VersionView get(@PathParam("name") String name, @PathParam("version") String version) {
        ProcessVersion found = processes.version(name, version("version", version));
        return VersionView.of(found, name, processes.require(name).version(), true);
    }

    @GET
    @Path("{from}/diff/{to}")
    @Allowed(Role.VIEWER)
    public Map<String, Object> diff(@PathParam("name") String name, @PathParam("from") String from, @PathParam("to") String to) {
        ProcessVersion a = processes.version(name, version("from", from));
        ProcessVersion b = processes.version(name, version("to", to));
        return Map.of("process", name, "from", a.version(), "to", b.version(),
                "diff", ManifestDiff.between(name, a.version(), a.manifestText(), b.version(), b.manifestText()));
    }

    @POST
    @Path("{version}/rollback")
    @Allowed(Role.OPERATOR)
    public ProcessView rollback(@PathParam("name") String name, @PathParam("version") String version) {
        AgentProcess process = processes.rollback(name, version("version", version), Caller.source(security));
        return ProcessView.of(process, processes.manifest(name, process.version()), null);
    }

    /** A version number from the path: a clear 400 for anything but 1, 2, 3, ... */
    private static int version(String field, String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,8}")) {
            throw ProblemException.invalid(field, "must be a version number: 1, 2, 3, ...");
        }
        return Integer.parseInt(text);
    }
}

package io.castellan.audit;

import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.platform.Cursor;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code GET /audit}: the audit log, newest first, for admins only; there is no way to change it. */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    /** One record as the API shows it. */
    public record AuditView(String id, Instant at, String token, String role, String entry, String method, String target,
                            String process, int status, String outcome, String detail) {
    }

    @Inject
    private AuditLog log;

    @GET
    @Allowed(Role.ADMIN)
    public Page<AuditView> find(@QueryParam("process") String process, @QueryParam("token") String token, @QueryParam("from") String from,
                                @QueryParam("to") String to, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Cursor.limit(limit, 100, 1000);
        List<AuditRecord> found = log.find(process, token, instant("from", from), instant("to", to), Cursor.timeAndId(cursor), size);
        AuditRecord last = found.isEmpty() ? null : found.get(found.size() - 1);
        String next = found.size() == size ? new Cursor.TimeAndId(last.at(), last.id()).encode() : null;
        return new Page<>(found.stream().map(r -> new AuditView(r.id(), r.at(), r.token(), r.role(), r.entry(), r.method(), r.target(),
                r.processName(), r.status(), r.outcome(), r.detail())).toList(), next);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z");
        }
    }
}

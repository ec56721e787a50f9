package io.castellan.audit;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Caller;
import io.castellan.platform.Json;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Audits every management action of the API as it is answered: each request that changes
 * something (POST, PUT, PATCH, DELETE), whatever its outcome, and every refused sign-in or role
 * (401, 403) of any request. The entry point is what the client says in {@code X-Castellan-Client}
 * ({@code cli}, {@code console}), else {@code api}.
 */
@Provider
public class AuditFilter implements ContainerResponseFilter {

    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /**
     * Set by a protocol endpoint, where one POST path carries many methods: the action (such as
     * {@code tools/call}), recorded after the path; the process it acts on; or {@code true} in
     * {@link #READ_ONLY} for a method that changes nothing (initialize, tools/list), which is not audited.
     */
    public static final String ACTION = "castellan.audit.action";
    public static final String PROCESS = "castellan.audit.process";
    public static final String READ_ONLY = "castellan.audit.read-only";

    @Inject
    private AuditLog log;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        boolean readOnly = Boolean.TRUE.equals(request.getProperty(READ_ONLY));
        if ((!CHANGES.contains(method) || readOnly) && status != 401 && status != 403) {
            return;
        }
        Caller caller = request.getSecurityContext() != null && request.getSecurityContext().getUserPrincipal() instanceof Caller c ? c : null;
        String path = request.getUriInfo().getPath();
        if (request.getProperty(ACTION) instanceof String action) {
            // a protocol endpoint: where it is, and the method its body named
            String where = request.getUriInfo().getBaseUri().getPath().replaceFirst("/+$", "") + "/" + path.replaceFirst("^/+", "");
            path = where.replaceFirst("/+$", "") + " " + action;
        }
        String named = request.getProperty(PROCESS) instanceof String p ? p : null;
        String entry = Caller.entryPoint(request.getHeaderString(Caller.CLIENT_HEADER));
        log.record(new AuditRecord(Instant.now(), caller == null ? null : caller.name(),
                caller == null ? null : caller.role().name().toLowerCase(Locale.ROOT), entry, method, path,
                named != null ? named : process(path, response.getEntity()), status, status >= 400 ? detail(response.getEntity()) : null));
    }

    /** Why a request was refused: its problem's detail (a problem is written as JSON text, or given as a tree). */
    private static String detail(Object answer) {
        JsonNode problem = answer instanceof JsonNode node ? node : answer instanceof String text && text.startsWith("{") ? read(text) : null;
        return problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText() : null;
    }

    private static JsonNode read(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The process acted on: named in the path, or, for an action on an invocation, approval and the like, in the answer. */
    static String process(String path, Object answer) {
        List<String> segments = List.of(path.replaceFirst("^/+", "").split("/"));
        if (segments.size() >= 2 && segments.get(0).equals("processes")) {
            return segments.get(1);
        }
        if (answer instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                boolean names = component.getName().equals("process")
                        || (component.getName().equals("name") && path.replaceFirst("^/+", "").equals("processes"));
                if (names && component.getType() == String.class) {
                    try {
                        return (String) component.getAccessor().invoke(record);
                    } catch (ReflectiveOperationException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}

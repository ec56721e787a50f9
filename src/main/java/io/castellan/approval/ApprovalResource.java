package io.castellan.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.invocation.wait.Approval;
import io.castellan.invocation.wait.Approvals;
import io.castellan.platform.Cursor;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import io.castellan.platform.VisibleText;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Locale;

/**
 * Human approval from outside: the requests (pending ones for whoever decides), and the one
 * decision each takes. Deciding resumes the waiting invocation; deciding again answers 409.
 */
@Path("approvals")
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalResource {

    static final int MAX_COMMENT = 4000;

    @Inject
    private Approvals approvals;

    @Context
    private SecurityContext security;

    @GET
    @Allowed(Role.VIEWER)
    public Page<ApprovalView> list(@QueryParam("state") String state, @QueryParam("process") String process,
                                   @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Cursor.limit(limit, 50, 500);
        Cursor.TimeAndId before = Cursor.timeAndId(cursor);
        List<Approval> found = approvals.recent(state(state), process, before, size);
        Approval last = found.isEmpty() ? null : found.get(found.size() - 1);
        String next = found.size() == size ? new Cursor.TimeAndId(last.requestedAt(), last.id()).encode() : null;
        return new Page<>(found.stream().map(ApprovalView::of).toList(), next);
    }

    @GET
    @Path("{id}")
    @Allowed(Role.VIEWER)
    public ApprovalView get(@PathParam("id") String id) {
        return ApprovalView.of(approvals.find(id).orElseThrow(() -> ProblemException.notFound("approval '" + id + "'")));
    }

    /** Approves the request; {@code {comment?}} goes to the model with the decision. */
    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public ApprovalView approve(@PathParam("id") String id, JsonNode body, @HeaderParam(Caller.CLIENT_HEADER) String client) {
        String comment = comment(body, false);
        return ApprovalView.of(approvals.decide(id, Approvals.Decision.APPROVE, comment, by(), Caller.entryPoint(client)));
    }

    /** Rejects the request; {@code {comment}} is required: the model reads why. */
    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public ApprovalView reject(@PathParam("id") String id, JsonNode body, @HeaderParam(Caller.CLIENT_HEADER) String client) {
        String comment = comment(body, true);
        return ApprovalView.of(approvals.decide(id, Approvals.Decision.REJECT, comment, by(), Caller.entryPoint(client)));
    }

    private String by() {
        return security.getUserPrincipal().getName();
    }

    private static String comment(JsonNode body, boolean required) {
        if (body != null && !body.isNull() && !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object: {comment" + (required ? "" : "?") + "}");
        }
        JsonNode comment = body == null ? null : body.get("comment");
        if (comment == null || comment.isNull()) {
            if (required) {
                throw ProblemException.invalid("comment", "is required to reject: the agent reads why");
            }
            return null;
        }
        if (!comment.isTextual() || comment.asText().length() > MAX_COMMENT || (required && VisibleText.blank(comment.asText()))) {
            throw ProblemException.invalid("comment", "must be text of " + (required ? "1" : "0") + " to " + MAX_COMMENT + " characters"
                    + (required ? ", with something to read" : ""));
        }
        return comment.asText();
    }

    private static Approval.State state(String state) {
        if (state == null) {
            return null;
        }
        try {
            return Approval.State.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("state", "must be pending, approved, rejected, expired or withdrawn");
        }
    }
}

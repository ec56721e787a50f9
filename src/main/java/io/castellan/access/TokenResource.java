package io.castellan.access;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.castellan.platform.FieldError;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** API tokens: created by admins, the secret shown once. */
@Path("tokens")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class TokenResource {

    public record NewToken(String name, String role) {
    }

    public record TokenView(String name, String role, Instant created_at, String token) {
    }

    @Inject
    private Tokens tokens;

    @Inject
    private Authenticator authenticator;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The token, with its secret shown this once",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TokenView.class)))
    public Response create(NewToken request) {
        Role role = validate(request);
        String secret = tokens.create(request.name(), role);
        return Response.status(201)
                .entity(new TokenView(request.name(), role.name().toLowerCase(Locale.ROOT), Instant.now(), secret))
                .build();
    }

    @GET
    public Page<TokenView> list() {
        return Page.of(tokens.list().stream()
                .map(t -> new TokenView(t.name(), t.role().name().toLowerCase(Locale.ROOT), t.createdAt(), null))
                .toList());
    }

    @DELETE
    @Path("{name}")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response delete(@PathParam("name") String name) {
        tokens.delete(name);
        authenticator.forgetAll();
        return Response.noContent().build();
    }

    private static Role validate(NewToken request) {
        if (request == null) {
            throw ProblemException.invalid("body", "send {\"name\": ..., \"role\": \"viewer|operator|admin\"}");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null || !request.name().matches("[A-Za-z0-9._-]{1,100}")) {
            errors.add(new FieldError("name", "is required: 1-100 letters, digits, '.', '_' or '-'"));
        }
        Role role = null;
        try {
            role = request.role() == null ? null : Role.valueOf(request.role().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            role = null;
        }
        if (role == null) {
            errors.add(new FieldError("role", "must be one of viewer, operator, admin"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return role;
    }
}

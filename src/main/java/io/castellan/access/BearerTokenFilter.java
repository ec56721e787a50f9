package io.castellan.access;

import io.castellan.platform.Problem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/** Authenticates every management request by its bearer token and checks the method's role. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    private static final String PREFIX = "Bearer ";

    @Inject
    private Authenticator authenticator;

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(Public.class)) {
            return;
        }
        Optional<Caller> caller = secret(request).flatMap(authenticator::caller);
        if (caller.isEmpty()) {
            request.abortWith(withChallenge(Problem.response(401, "Unauthorized",
                    "Send a valid API token as 'Authorization: Bearer <token>'")));
            return;
        }
        // set before the role check: a refusal is audited with the token it refused
        request.setSecurityContext(caller.get().asSecurityContext());
        Role needed = neededRole();
        if (!caller.get().role().includes(needed)) {
            request.abortWith(Problem.response(403, "Forbidden",
                    "This needs the " + needed.name().toLowerCase() + " role; the token has " + caller.get().role().name().toLowerCase()));
        }
    }

    private Role neededRole() {
        Allowed onMethod = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(Allowed.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        Allowed onClass = resource.getResourceClass() == null ? null : resource.getResourceClass().getAnnotation(Allowed.class);
        return onClass != null ? onClass.value() : Role.ADMIN;
    }

    private static Optional<String> secret(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String secret = header.substring(PREFIX.length()).trim();
        return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    }

    private static Response withChallenge(Response response) {
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}

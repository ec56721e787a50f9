package io.castellan.access;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Locale;

/** Who the token is: the console signs in with it and offers only what the role may do. */
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.VIEWER)
public class CallerResource {

    public record CallerView(String name, String role) {
    }

    @Context
    private SecurityContext security;

    @GET
    public CallerView me() {
        Caller caller = (Caller) security.getUserPrincipal();
        return new CallerView(caller.name(), caller.role().name().toLowerCase(Locale.ROOT));
    }
}

package io.castellan.access;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** Who made an API request: the token's name and role. */
public record Caller(String name, Role role) implements Principal {

    @Override
    public String getName() {
        return name;
    }

    /** The header by which the CLI and the console say they sent a request. */
    public static final String CLIENT_HEADER = "X-Castellan-Client";

    /** Where a request came in: {@code cli} or {@code console} when its client header says so, else {@code api}. */
    public static String entryPoint(String clientHeader) {
        String named = clientHeader == null ? "" : clientHeader.strip().toLowerCase(java.util.Locale.ROOT);
        return named.equals("cli") || named.equals("console") ? named : "api";
    }

    /** The state-history source for writes this caller makes. */
    public static String source(SecurityContext security) {
        return "api:" + security.getUserPrincipal().getName();
    }

    SecurityContext asSecurityContext() {
        Caller self = this;
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return self;
            }

            @Override
            public boolean isUserInRole(String name) {
                return role.includes(Role.valueOf(name));
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        };
    }
}

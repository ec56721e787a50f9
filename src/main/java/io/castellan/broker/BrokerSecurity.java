package io.castellan.broker;

import io.castellan.access.Caller;
import io.castellan.access.Role;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may use the embedded broker. The server itself reaches it in-VM (only code in this JVM can
 * open such a connection) and may do everything. A network client signs in with an API token (user:
 * the token's name, or none; password: the token): an operator's token may send triggers to
 * {@code castellan.triggers} and nothing else; an admin's may use every Castellan address (to
 * inspect or replay the dead-letter queue by hand). Anyone else is refused. The token is checked
 * again at every use, so a deleted token stops an open connection too (within the two seconds a
 * token lookup is remembered).
 */
final class BrokerSecurity implements ActiveMQSecurityManager5 {

    private static final String TRIGGERS = "castellan.triggers";
    private static final String SERVER = "castellan-server";
    private static final String CLIENT = "castellan-client";
    private static final String ADMIN = "castellan-admin";

    private final Function<String, Optional<Caller>> callers;

    /** @param callers the caller an API token names (looked up in the database, briefly remembered) */
    BrokerSecurity(Function<String, Optional<Caller>> callers) {
        this.callers = callers;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
            Subject server = new Subject();
            server.getPrincipals().add(new UserPrincipal(SERVER));
            server.getPrincipals().add(new RolePrincipal(SERVER));
            return server;
        }
        if (password == null || password.isEmpty()) {
            return null;
        }
        Optional<Caller> caller = callers.apply(password)
                .filter(c -> user == null || user.isEmpty() || user.equals(c.name()))
                .filter(c -> role(c) != null);
        // no role principal: what the token may do is looked up again at each use (currentRole)
        return caller.map(c -> {
            Subject subject = new Subject();
            subject.getPrincipals().add(new UserPrincipal(c.name()));
            subject.getPrivateCredentials().add(new Token(password));
            return subject;
        }).orElse(null);
    }

    /** The secret a client signed in with, kept in its subject to be checked again at each use. */
    private record Token(String secret) {
        @Override
        public String toString() {
            return "Token[***]";
        }
    }

    private static String role(Caller caller) {
        return caller.role().includes(Role.ADMIN) ? ADMIN : caller.role().includes(Role.OPERATOR) ? CLIENT : null;
    }

    /** The role the subject's token still has (it may have been deleted, or given to another name). */
    private String currentRole(Subject subject) {
        String name = subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName).findFirst().orElse(null);
        return subject.getPrivateCredentials(Token.class).stream().findFirst()
                .flatMap(token -> callers.apply(token.secret()))
                .filter(c -> c.name().equals(name))
                .map(BrokerSecurity::role).orElse(null);
    }

    @Override
    public boolean authorize(Subject subject, Set<org.apache.activemq.artemis.core.security.Role> roles, CheckType checkType, String address) {
        if (isServer(subject)) {
            return true;
        }
        if (subject == null) {
            return false;
        }
        String plain = address == null ? "" : address.split("::", 2)[0];
        String role = currentRole(subject);
        if (ADMIN.equals(role)) {
            return plain.startsWith("castellan.");
        }
        return CLIENT.equals(role) && checkType == CheckType.SEND && TRIGGERS.equals(plain);
    }

    /** The server, or an admin: who may send a message shaped like a wake-up ({@link WakeUpGuard}). */
    boolean maySendWakeUps(Subject subject) {
        return subject != null && (isServer(subject) || ADMIN.equals(currentRole(subject)));
    }

    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<org.apache.activemq.artemis.core.security.Role> roles, CheckType checkType) {
        return false;
    }

    private static boolean isServer(Subject subject) {
        return subject != null && subject.getPrincipals(RolePrincipal.class).stream().anyMatch(p -> SERVER.equals(p.getName()));
    }
}

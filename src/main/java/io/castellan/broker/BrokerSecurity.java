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
 * inspect or replay the dead-letter queue by hand). Anyone else is refused.
 */
final class BrokerSecurity implements ActiveMQSecurityManager5 {

    static final String TRIGGERS = "castellan.triggers";
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
            return subject(SERVER, SERVER);
        }
        if (password == null || password.isEmpty()) {
            return null;
        }
        Optional<Caller> caller = callers.apply(password)
                .filter(c -> user == null || user.isEmpty() || user.equals(c.name()))
                .filter(c -> c.role().includes(Role.OPERATOR));
        return caller.map(c -> subject(c.name(), c.role().includes(Role.ADMIN) ? ADMIN : CLIENT)).orElse(null);
    }

    @Override
    public boolean authorize(Subject subject, Set<org.apache.activemq.artemis.core.security.Role> roles, CheckType checkType, String address) {
        if (has(subject, SERVER)) {
            return true;
        }
        String plain = address == null ? "" : address.split("::", 2)[0];
        if (has(subject, ADMIN)) {
            return plain.startsWith("castellan.");
        }
        return has(subject, CLIENT) && checkType == CheckType.SEND && TRIGGERS.equals(plain);
    }

    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<org.apache.activemq.artemis.core.security.Role> roles, CheckType checkType) {
        return false;
    }

    private static Subject subject(String user, String role) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(role));
        return subject;
    }

    private static boolean has(Subject subject, String role) {
        return subject != null && subject.getPrincipals(RolePrincipal.class).stream().anyMatch(p -> role.equals(p.getName()));
    }
}

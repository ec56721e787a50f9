package io.castellan.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.access.Caller;
import io.castellan.access.Role;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.junit.jupiter.api.Test;

/** What each network client may do on the embedded broker, by its token's role. */
class BrokerSecurityTest {

    private final Map<String, Caller> tokens = new HashMap<>(Map.of(
            "op-secret", new Caller("ops", Role.OPERATOR),
            "admin-secret", new Caller("admin", Role.ADMIN),
            "viewer-secret", new Caller("watcher", Role.VIEWER)));
    private final BrokerSecurity security = new BrokerSecurity(secret -> Optional.ofNullable(tokens.get(secret)));

    @Test
    void onlyAnOperatorsOrAnAdminsTokenSignsIn() {
        assertThat(security.authenticate(null, null, null, null)).isNull();
        assertThat(security.authenticate("ops", "wrong", null, null)).isNull();
        assertThat(security.authenticate("watcher", "viewer-secret", null, null)).isNull();
        assertThat(security.authenticate("admin", "op-secret", null, null)).as("another token's name").isNull();
        assertThat(security.authenticate("ops", "op-secret", null, null)).isNotNull();
        assertThat(security.authenticate(null, "op-secret", null, null)).isNotNull();
    }

    @Test
    void anOperatorMaySendTriggersAndNothingElse() {
        Subject operator = security.authenticate("ops", "op-secret", null, null);
        assertThat(security.authorize(operator, Set.of(), CheckType.SEND, "castellan.triggers")).isTrue();
        assertThat(security.authorize(operator, Set.of(), CheckType.SEND, "castellan.triggers::castellan.triggers")).isTrue();
        assertThat(security.authorize(operator, Set.of(), CheckType.CONSUME, "castellan.triggers")).isFalse();
        assertThat(security.authorize(operator, Set.of(), CheckType.BROWSE, "castellan.triggers")).isFalse();
        assertThat(security.authorize(operator, Set.of(), CheckType.SEND, "castellan.triggers.dlq")).isFalse();
        assertThat(security.authorize(operator, Set.of(), CheckType.CREATE_NON_DURABLE_QUEUE, "castellan.triggers")).isFalse();
        // the event bus is the server's: operators publish through the API, where the event is stored first
        assertThat(security.authorize(operator, Set.of(), CheckType.SEND, "castellan.events.orders.created")).isFalse();
        assertThat(security.authorize(operator, Set.of(), CheckType.CREATE_ADDRESS, "castellan.events.orders.created")).isFalse();
        assertThat(security.authorize(operator, Set.of(), CheckType.SEND, "castellan.deliveries")).isFalse();
        assertThat(security.authorize(operator, Set.of(), CheckType.CONSUME, "castellan.deliveries")).isFalse();
    }

    @Test
    void anAdminMayUseCastellansAddressesOnly() {
        Subject admin = security.authenticate("admin", "admin-secret", null, null);
        assertThat(security.authorize(admin, Set.of(), CheckType.CONSUME, "castellan.triggers.dlq")).isTrue();
        assertThat(security.authorize(admin, Set.of(), CheckType.MANAGE, "activemq.management")).isFalse();
        assertThat(security.authorize(null, Set.of(), CheckType.SEND, "castellan.triggers")).isFalse();
    }

    @Test
    void aTokenDeletedWhileItsConnectionIsOpenStopsWorking() {
        Subject operator = security.authenticate("ops", "op-secret", null, null);
        assertThat(security.authorize(operator, Set.of(), CheckType.SEND, "castellan.triggers")).isTrue();

        tokens.remove("op-secret");

        assertThat(security.authorize(operator, Set.of(), CheckType.SEND, "castellan.triggers")).isFalse();
    }

    @Test
    void onlyAnAdminOfTheClientsMaySendAWakeUp() {
        assertThat(security.maySendWakeUps(security.authenticate("ops", "op-secret", null, null))).isFalse();
        assertThat(security.maySendWakeUps(security.authenticate("admin", "admin-secret", null, null))).isTrue();
        assertThat(security.maySendWakeUps(null)).isFalse();
        assertThat(WakeUpGuard.WAKE_UP_PROPERTY).isEqualTo(io.castellan.invocation.intake.TriggerMessage.INVOCATION_PROPERTY);
    }
}

package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.TriggerKind;
import org.junit.jupiter.api.Test;

class JpqlLiteralsTest {

    @Test
    void anEnumValueIsItsQualifiedName() {
        assertThat(JpqlLiterals.of(TriggerKind.EVENT)).isEqualTo("io.castellan.invocation.TriggerKind.EVENT");
        assertThat(InvocationStatus.QUEUED.jpql()).isEqualTo("io.castellan.invocation.InvocationStatus.QUEUED");
    }
}

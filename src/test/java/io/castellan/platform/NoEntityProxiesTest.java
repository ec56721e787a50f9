package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hibernate.HibernateException;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.junit.jupiter.api.Test;

class NoEntityProxiesTest {

    @Test
    void hibernateFindsItAndMakesNoProxyClasses() {
        // Hibernate's own discovery (META-INF/services), as the persistence unit's boot does it
        try (StandardServiceRegistry registry = new StandardServiceRegistryBuilder().build()) {
            BytecodeProvider provider = registry.requireService(BytecodeProvider.class);
            assertThat(provider).isInstanceOf(org.hibernate.bytecode.internal.none.BytecodeProviderImpl.class);
            // a lazy association or a reference asked for one day fails at its first use, not quietly
            assertThatThrownBy(() -> provider.getProxyFactoryFactory().buildProxyFactory(null).getProxy("id", null))
                    .isInstanceOf(HibernateException.class);
        }
    }
}

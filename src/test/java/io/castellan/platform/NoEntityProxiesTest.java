package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hibernate.HibernateException;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.bytecode.spi.ReflectionOptimizer;
import org.hibernate.property.access.internal.PropertyAccessStrategyFieldImpl;
import org.junit.jupiter.api.Test;

class NoEntityProxiesTest {

    /** An entity-like class with a field, for the optimizer. */
    public static class Row {
        public String name;

        public Row() {
        }
    }

    @Test
    void hibernateFindsItAndMakesNoProxyClasses() {
        // Hibernate's own discovery (META-INF/services), as the persistence unit's boot does it
        try (StandardServiceRegistry registry = new StandardServiceRegistryBuilder().build()) {
            BytecodeProvider provider = registry.requireService(BytecodeProvider.class);
            assertThat(provider).isInstanceOf(NoEntityProxies.Provider.class);
            // a lazy association or a reference asked for one day fails at its first use, not quietly
            assertThatThrownBy(() -> provider.getProxyFactoryFactory().buildProxyFactory(null).getProxy("id", null))
                    .isInstanceOf(HibernateException.class);
        }
    }

    @Test
    void flushesAndReadsKeepTheirOptimizedAccess() {
        BytecodeProvider provider = new NoEntityProxies.Provider();
        ReflectionOptimizer optimizer = provider.getReflectionOptimizer(Row.class,
                Map.of("name", PropertyAccessStrategyFieldImpl.INSTANCE.buildPropertyAccess(Row.class, "name", true)));
        assertThat(optimizer).isNotNull();
        Row row = (Row) optimizer.getInstantiationOptimizer().newInstance();
        optimizer.getAccessOptimizer().setPropertyValues(row, new Object[] {"a"});
        assertThat(row.name).isEqualTo("a");
        assertThat(optimizer.getAccessOptimizer().getPropertyValues(row)).containsExactly("a");
    }
}

package io.castellan.platform;

import java.util.Map;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.enhance.spi.EnhancementContext;
import org.hibernate.bytecode.enhance.spi.Enhancer;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.bytecode.spi.ProxyFactoryFactory;
import org.hibernate.bytecode.spi.ReflectionOptimizer;
import org.hibernate.property.access.spi.PropertyAccess;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Hibernate without lazy-loading proxy classes: none made for the entities at each start. No entity
 * has an association, and nothing asks for a reference instead of an entity, so a proxy is never
 * used; Hibernate 7 made one per entity with ByteBuddy at boot, and has no setting left to turn
 * that off. The proxies come from Hibernate's "none" provider, which refuses one if it is ever
 * asked for (a future lazy association fails loudly at its first use instead of loading eagerly);
 * the reflection optimizers, which every flush and every entity read use, still come from ByteBuddy.
 * Found by Hibernate through {@code META-INF/services}.
 */
public final class NoEntityProxies implements ServiceContributor {

    @Override
    public void contribute(StandardServiceRegistryBuilder builder) {
        builder.addService(BytecodeProvider.class, new Provider());
    }

    /** ByteBuddy's provider but for its proxies. */
    static final class Provider implements BytecodeProvider {

        private final BytecodeProvider none = new org.hibernate.bytecode.internal.none.BytecodeProviderImpl();
        private final BytecodeProvider byteBuddy = new org.hibernate.bytecode.internal.bytebuddy.BytecodeProviderImpl();

        @Override
        public ProxyFactoryFactory getProxyFactoryFactory() {
            return none.getProxyFactoryFactory();
        }

        @Override
        public ReflectionOptimizer getReflectionOptimizer(Class<?> clazz, Map<String, PropertyAccess> propertyAccessMap) {
            return byteBuddy.getReflectionOptimizer(clazz, propertyAccessMap);
        }

        @Override
        @SuppressWarnings("removal")
        public ReflectionOptimizer getReflectionOptimizer(Class clazz, String[] getterNames, String[] setterNames, Class[] types) {
            return byteBuddy.getReflectionOptimizer(clazz, getterNames, setterNames, types);
        }

        @Override
        public Enhancer getEnhancer(EnhancementContext enhancementContext) {
            // the enhancer is off (persistence.xml)
            return none.getEnhancer(enhancementContext);
        }

        @Override
        public void resetCaches() {
            byteBuddy.resetCaches();
        }
    }
}

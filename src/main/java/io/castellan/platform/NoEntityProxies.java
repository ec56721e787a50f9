package io.castellan.platform;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Hibernate without its byte code provider: no lazy-loading proxy classes made for the entities
 * at each start. No entity has an association, and nothing asks for a reference instead of an
 * entity, so a proxy is never used; Hibernate 7 made one per entity with ByteBuddy at boot (a fifth
 * of its boot, docs/performance.md), and has no setting left to turn that off. Found by Hibernate
 * through {@code META-INF/services}; Hibernate's "none" provider refuses a proxy if one is ever
 * asked for, so a future lazy association fails loudly at its first use instead of loading eagerly.
 */
public final class NoEntityProxies implements ServiceContributor {

    @Override
    public void contribute(StandardServiceRegistryBuilder builder) {
        builder.addService(BytecodeProvider.class, new org.hibernate.bytecode.internal.none.BytecodeProviderImpl());
    }
}

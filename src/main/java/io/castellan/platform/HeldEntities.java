package io.castellan.platform;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * What the caller's persistence context already holds, asked without reading the database: a row
 * the transaction has read, written or removed before is current there, and a statement that
 * bypasses it (a bulk update) would leave that copy stale.
 */
public final class HeldEntities {

    private HeldEntities() {
    }

    /** The entity of this type and id as the persistence context holds it; null if it holds none. */
    public static <T> T held(EntityManager em, Class<T> type, Object id) {
        SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
        EntityPersister persister = session.getEntityPersister(type.getName(), null);
        return type.cast(session.getPersistenceContextInternal().getEntity(session.generateEntityKey(id, persister)));
    }
}

package io.castellan.secret;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;
import java.util.Optional;

/** The fleet's sealed sample of its secrets key (see {@link SecretsKeyCheck}), each access a transaction of its own. */
@ApplicationScoped
class SecretsKeySample {

    @PersistenceContext
    private EntityManager em;

    @Transactional(TxType.REQUIRES_NEW)
    Optional<String> read() {
        List<?> samples = em.createNativeQuery("select sample from secrets_key_check where id = 1").getResultList();
        return samples.stream().findFirst().map(String.class::cast);
    }

    /** Fails when another server stored its sample first. */
    @Transactional(TxType.REQUIRES_NEW)
    void store(String sample) {
        em.createNativeQuery("insert into secrets_key_check (id, sample) values (1, ?)").setParameter(1, sample).executeUpdate();
    }
}

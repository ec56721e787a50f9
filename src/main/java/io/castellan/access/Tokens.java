package io.castellan.access;

import io.castellan.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Issues API tokens and recognises them. */
@ApplicationScoped
public class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    private EntityManager em;

    /** Creates a token and returns its secret, which is not kept and cannot be shown again. */
    @Transactional
    public String create(String name, Role role) {
        if (em.find(ApiToken.class, name) != null) {
            throw ProblemException.conflict("a token named '" + name + "' exists");
        }
        String secret = newSecret();
        em.persist(new ApiToken(name, role, hash(secret), Instant.now()));
        return secret;
    }

    /** The token whose secret has this hash ({@link #hash}); {@link Authenticator} asks, and remembers the answer briefly. */
    @Transactional
    public Optional<Caller> findByHash(String hash) {
        return em.createQuery("select t from ApiToken t where t.tokenHash = :hash", ApiToken.class)
                .setParameter("hash", hash)
                .getResultStream()
                .findFirst()
                .map(t -> new Caller(t.name(), t.role()));
    }

    @Transactional
    public List<ApiToken> list() {
        return em.createQuery("select t from ApiToken t order by t.name", ApiToken.class).getResultList();
    }

    @Transactional
    public void delete(String name) {
        ApiToken token = em.find(ApiToken.class, name);
        if (token == null) {
            throw ProblemException.notFound("token '" + name + "'");
        }
        em.remove(token);
    }

    @Transactional
    public boolean exists(String name) {
        return em.find(ApiToken.class, name) != null;
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "cst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

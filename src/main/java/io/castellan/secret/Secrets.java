package io.castellan.secret;

import io.castellan.manifest.Manifest;
import io.castellan.manifest.SecretSpec;
import io.castellan.platform.ProblemException;
import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A process's secrets: stored encrypted, loaded from the environment when the process is deployed
 * or started, set through the API, and handed to tools only at execution time. Decrypted values are
 * kept in memory per process (as bytes, overwritten with zeros when the process stops or is deleted).
 */
@ApplicationScoped
public class Secrets {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private SecretCipher cipher;

    /** the decrypted values, zeroed when let go */
    private final DecryptedValues cache;

    public Secrets() {
        this(new DecryptedValues());
    }

    /** With the values it holds: a test reads them to see that a stop, a failure or a rotation zeroes them. */
    Secrets(DecryptedValues cache) {
        this.cache = cache;
    }

    /** One secret as the API lists it: never its value. */
    public record Listed(String name, boolean set, String source, Instant set_at, Instant expires_at, boolean expired) {
    }

    /** Why a placeholder cannot be filled in: the tool call fails with this message. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** The 404 for a secret the process's manifest does not declare. */
    static ProblemException notDeclared(String process, String name) {
        return ProblemException.notFound("secret '" + name + "' in the manifest of process '" + process + "'");
    }

    /** Sets or rotates a secret's value; the manifest must declare it. */
    @Transactional
    public void set(String process, Manifest manifest, String name, String value) {
        SecretSpec spec = manifest.secrets().get(name);
        if (spec == null) {
            throw notDeclared(process, name);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        try {
            store(process, name, spec, bytes, "api");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Transactional
    public List<Listed> list(String process, Manifest manifest) {
        Instant now = Instant.now();
        return manifest.secrets().entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> {
            StoredSecret stored = em.find(StoredSecret.class, StoredSecret.id(process, e.getKey()));
            return stored == null
                    ? new Listed(e.getKey(), false, e.getValue().fromEnv() == null ? "api" : "env", null, null, false)
                    : new Listed(e.getKey(), true, stored.source(), stored.setAt(), stored.expiresAt(), stored.expired(now));
        }).toList();
    }

    /**
     * The values of the named secrets, for one tool call. An expired value is removed here, when
     * it is next asked for.
     *
     * @throws Unavailable naming the first secret that is not declared, not set or expired
     */
    @Transactional(dontRollbackOn = Unavailable.class)
    public Map<String, String> resolve(String process, Manifest manifest, Set<String> names) {
        Map<String, String> values = new HashMap<>();
        Instant now = Instant.now();
        for (String name : names) {
            if (!manifest.secrets().containsKey(name)) {
                throw new Unavailable("secret " + name + " is not declared in this process's manifest");
            }
            DecryptedValues.Value cached = cached(process, name, now);
            values.put(name, new String(cached.bytes(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /**
     * The values of the process's secrets, by name, to redact from what is stored. Read from the
     * database and decrypted once per process; kept up to date by set, rotate and resolve. Runs in
     * the caller's transaction (the journal's, on every entry), without an interceptor of its own.
     */
    public Map<String, String> valuesToRedact(String process) {
        Map<String, DecryptedValues.Value> values = cache.of(process);
        if (values == null) {
            values = loadAll(process);
        }
        Map<String, String> texts = new HashMap<>();
        values.forEach((name, c) -> {
            if (c.bytes().length > 0) {
                texts.put(name, new String(c.bytes(), StandardCharsets.UTF_8));
            }
        });
        return texts;
    }

    /** Reads the values of every process here that has none cached yet, in one query (a batch that journals for all of them). */
    @Transactional
    public void load(Collection<String> processes) {
        Set<String> missing = new HashSet<>();
        processes.stream().filter(process -> cache.of(process) == null).forEach(missing::add);
        if (!missing.isEmpty()) {
            read(missing).forEach(cache::adopt);
        }
    }

    private Map<String, DecryptedValues.Value> loadAll(String process) {
        return cache.adopt(process, read(Set.of(process)).get(process));
    }

    /** The decrypted values of each of these processes (an empty map for one with none). */
    private Map<String, Map<String, DecryptedValues.Value>> read(Set<String> processes) {
        Map<String, Map<String, DecryptedValues.Value>> values = new HashMap<>();
        processes.forEach(process -> values.put(process, new ConcurrentHashMap<>()));
        em.createQuery("select s from StoredSecret s where s.processName in :p", StoredSecret.class).setParameter("p", processes)
                .getResultList()
                .forEach(s -> values.get(s.processName()).put(s.name(),
                        new DecryptedValues.Value(cipher.decrypt(s.processName(), s.name(), s.ciphertext()), s.setAt())));
        return values;
    }

    /** The value, decrypted again only when the stored one changed (another server may have rotated it). */
    private DecryptedValues.Value cached(String process, String name, Instant now) {
        StoredSecret stored = em.find(StoredSecret.class, StoredSecret.id(process, name));
        if (stored == null) {
            cache.forget(process, name);
            throw new Unavailable("secret " + name + " has no value; set it with PUT /api/v1/processes/" + process + "/secrets/" + name);
        }
        if (stored.expired(now)) {
            cache.forget(process, name);
            em.remove(stored);
            throw new Unavailable("secret " + name + " expired at " + stored.expiresAt() + "; set it again");
        }
        Map<String, DecryptedValues.Value> values = cache.of(process);
        if (values == null) {
            values = loadAll(process);
        }
        DecryptedValues.Value cached = values.get(name);
        if (cached == null || !cached.setAt().equals(stored.setAt())) {
            cached = new DecryptedValues.Value(cipher.decrypt(process, name, stored.ciphertext()), stored.setAt());
            cache.replace(process, name, cached);
        }
        return cached;
    }

    private void store(String process, String name, SecretSpec spec, byte[] value, String source) {
        // as precise as the database keeps it, so a cached value and its row compare equal
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        StoredSecret stored = em.find(StoredSecret.class, StoredSecret.id(process, name));
        boolean fresh = stored == null;
        if (fresh) {
            stored = new StoredSecret(process, name);
        }
        stored.set(cipher.encrypt(process, name, value), source, now, spec.ttl() == null ? null : now.plus(spec.ttl()));
        if (fresh) {
            em.persist(stored);
        }
        // kept only where the process's values are loaded; replace zeroes the value it displaces
        if (cache.of(process) != null) {
            cache.replace(process, name, new DecryptedValues.Value(value.clone(), now));
        }
    }

    /** Loads the environment's secrets when a process is deployed, updated or started; forgets values when it stops. */
    void follow(@Observes ProcessEvent event) {
        switch (event.kind()) {
            case DELETED -> {
                cache.forgetAll(event.process());
                em.createQuery("delete from StoredSecret s where s.processName = :p").setParameter("p", event.process()).executeUpdate();
            }
            case DEPLOYED, UPDATED -> loadFromEnvironment(event.process(), event.manifest());
            case STATE_CHANGED -> {
                if (event.to() == ProcessState.STOPPED || event.to() == ProcessState.FAILED) {
                    cache.forgetAll(event.process());
                } else if (event.to() == ProcessState.RUNNING && event.from() != ProcessState.PAUSED) {
                    loadFromEnvironment(event.process(), event.manifest());
                }
            }
        }
    }

    private void loadFromEnvironment(String process, Manifest manifest) {
        manifest.secrets().forEach((name, spec) -> {
            String value = spec.fromEnv() == null ? null : System.getenv(spec.fromEnv());
            if (value != null) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                try {
                    store(process, name, spec, bytes, "env");
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }
        });
    }

}

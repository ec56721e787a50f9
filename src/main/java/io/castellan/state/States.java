package io.castellan.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.HeldEntities;
import io.castellan.platform.InTransaction;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.ProcessLocks;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A process's key-value state: every write is journaled and kept in the key's history. */
@ApplicationScoped
public class States {

    public static final int MAX_KEY_LENGTH = 200;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Journal journal;

    @Inject
    private ProcessLocks processLocks;

    /**
     * Writes a key in the caller's transaction.
     *
     * @param source {@code agent:<invocation id>} or {@code api:<token name>}
     */
    public void set(String process, String key, JsonNode value, String source, String invocationId) {
        InTransaction.required(transactions);
        checkKey(key);
        // the process's lock first (no statement: every caller holds it), so no two writers of a
        // key meet at its row, and the order is that of every lifecycle change: process, then rows
        processLocks.lock(process);
        Instant now = Instant.now();
        if (!writtenInPlace(process, key, value, now)) {
            StateEntry entry = new StateEntry(process, key);
            entry.set(value, now);
            em.persist(entry);
        }
        em.persist(new StateChange(process, key, now, value, source));
        ObjectNode data = Json.object().put("key", key).put("source", source);
        data.set("value", value);
        journal.append(process, JournalType.STATE_CHANGED, invocationId, data);
    }

    /** @throws ProblemException 400 naming {@code key} when it is empty or too long */
    public static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalid("key", "must be 1-" + MAX_KEY_LENGTH + " characters");
        }
    }

    /** {@link #set} in a transaction of its own: an operator's write through the API. */
    @Transactional
    public void setAlone(String process, String key, JsonNode value, String source) {
        set(process, key, value, source, null);
    }

    @Transactional
    public Optional<StateEntry> get(String process, String key) {
        return Optional.ofNullable(em.find(StateEntry.class, new StateEntry.Key(process, key)));
    }

    @Transactional
    public List<StateEntry> all(String process) {
        return em.createQuery("select s from StateEntry s where s.processName = :p order by s.key", StateEntry.class)
                .setParameter("p", process)
                .getResultList();
    }

    /** The whole state as one JSON object, for templates and model context. */
    @Transactional
    public ObjectNode snapshot(String process) {
        ObjectNode state = Json.object();
        all(process).forEach(s -> state.set(s.key(), s.value()));
        return state;
    }

    @Transactional
    public List<StateChange> history(String process, String key, long afterId, int limit) {
        return em.createQuery("select c from StateChange c where c.processName = :p and c.key = :k and c.id > :after order by c.id", StateChange.class)
                .setParameter("p", process)
                .setParameter("k", key)
                .setParameter("after", afterId)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * Removes a key in the caller's transaction, as a change of its history (the earlier values
     * stay); false when there is no such key.
     */
    public boolean remove(String process, String key, String source, String invocationId) {
        InTransaction.required(transactions);
        StateEntry entry = em.find(StateEntry.class, new StateEntry.Key(process, key), LockModeType.PESSIMISTIC_WRITE);
        if (entry == null) {
            return false;
        }
        em.remove(entry);
        em.persist(StateChange.removal(process, key, Instant.now(), source));
        ObjectNode data = Json.object().put("key", key).put("source", source).put("deleted", true);
        data.putNull("value");
        journal.append(process, JournalType.STATE_CHANGED, invocationId, data);
        return true;
    }

    /** Each key's value as it was at a time: its last change then, in the order the changes were made. */
    @Transactional
    public java.util.Map<String, JsonNode> asOf(String process, Instant at) {
        java.util.Map<String, JsonNode> values = new java.util.TreeMap<>();
        em.createQuery("select c from StateChange c where c.processName = :p and c.at <= :at order by c.id", StateChange.class)
                .setParameter("p", process).setParameter("at", at)
                .getResultList().forEach(c -> {
                    if (c.deleted()) {
                        values.remove(c.key());
                    } else {
                        values.put(c.key(), c.value());
                    }
                });
        return values;
    }

    /**
     * The key's row given its new value, in one update (a round trip fewer than a read for update
     * first), or through the transaction's copy when it holds one (read, written or removed before
     * in it), so that a later read in the transaction returns the value; false when there is no row.
     */
    private boolean writtenInPlace(String process, String key, JsonNode value, Instant now) {
        StateEntry.Key id = new StateEntry.Key(process, key);
        if (HeldEntities.held(em, StateEntry.class, id) == null) {
            return em.createQuery("update StateEntry s set s.value = :v, s.updatedAt = :at where s.processName = :p and s.key = :k")
                    .setParameter("v", Json.write(value))
                    .setParameter("at", now)
                    .setParameter("p", process)
                    .setParameter("k", key)
                    .executeUpdate() > 0;
        }
        StateEntry held = em.find(StateEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (held == null) {
            return false;
        }
        held.set(value, now);
        return true;
    }

    void deleteAll(String process) {
        InTransaction.required(transactions);
        em.createQuery("delete from StateChange c where c.processName = :p").setParameter("p", process).executeUpdate();
        em.createQuery("delete from StateEntry s where s.processName = :p").setParameter("p", process).executeUpdate();
    }
}

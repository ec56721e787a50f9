package io.castellan.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.AfterCompletion;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.platform.Redactor;
import io.castellan.platform.TimeOrderedIds;
import io.castellan.process.ProcessLocks;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A process's long-term memory: stored, changed and deleted in the caller's transaction (journaled,
 * secret values redacted first), searched by meaning through the process's {@link MemoryIndex},
 * which learns of each change once it has committed.
 */
@ApplicationScoped
public class Memories {

    /** A memory found by a search, with its cosine similarity to the query (-1..1, higher is nearer). */
    public record Found(MemoryRow memory, double score) {
    }

    private static final String PENDING = Memories.class.getName() + ".pending";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Journal journal;

    @Inject
    private Redactor redactor;

    @Inject
    private Embedders embedders;

    @Inject
    private MemoryIndexes indexes;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    /**
     * Embeds now the texts that operations on this thread will embed, before the transaction that
     * stores or searches with them opens: a provider's embedding model is outside Castellan, and
     * a transaction that waited on it would hold its process's lock (and the accepts queued behind
     * it) for as long. {@code stored} texts are redacted first, as {@link #store} and
     * {@link #update} redact them; {@code searched} ones are embedded as they are, as
     * {@link #search} does. A failure is thrown where a text is embedded. Closing forgets them.
     */
    public Embedders.Ahead ahead(String process, List<String> searched, List<String> stored) {
        List<String> texts = new ArrayList<>(searched);
        stored.forEach(text -> texts.add(redactor.redact(process, text)));
        return embedders.ahead(process, texts);
    }

    /**
     * @param source {@code agent:<invocation id>} or {@code api:<token name>}
     * @throws ProblemException 503 when a provider's embedding model fails: nothing is stored, the caller's transaction goes on
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public MemoryRow store(String process, MemoryInput input, String source, String invocationId) {
        String text = redactor.redact(process, input.text());
        Embedder embedder = embedders.of(process);
        MemoryRow row = MemoryRow.stored(TimeOrderedIds.next(), process, Instant.now(), source, text, input.tags(),
                input.metadata() == null ? null : redactor.redact(process, input.metadata()), embedder.id(), embedder.embed(text));
        row.journaled(journal.append(process, JournalType.MEMORY_STORED, invocationId, described(row)).seq());
        em.persist(row);
        indexAfterCommit(row);
        return row;
    }

    /**
     * {@link #store} in a transaction of its own, for the API: its caller embeds the text first
     * ({@link #ahead}), so that no database connection waits on a provider.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public MemoryRow storeAlone(String process, MemoryInput input, String source) {
        return store(process, input, source, null);
    }

    /** A new text for a memory (its tags and metadata kept), found again by the new text's meaning. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public MemoryRow update(String process, String memoryId, String newText, String source, String invocationId) {
        String text = redactor.redact(process, newText);
        Embedder embedder = embedders.of(process);
        float[] vector = embedder.embed(text);
        MemoryRow current = locked(process, memoryId);
        current.superseded();
        MemoryRow row = MemoryRow.stored(memoryId, process, Instant.now(), source, text, current.tags(), current.metadata(),
                embedder.id(), vector);
        row.journaled(journal.append(process, JournalType.MEMORY_UPDATED, invocationId, described(row).put("previous", current.text())).seq());
        em.persist(row);
        indexAfterCommit(row);
        return row;
    }

    /**
     * Deletes a memory: searches no longer find it; its earlier rows stay, for a fork at an earlier
     * point. An unknown memory is a problem that leaves the caller's transaction as it was.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void delete(String process, String memoryId, String source, String invocationId) {
        MemoryRow current = locked(process, memoryId);
        current.superseded();
        MemoryRow row = MemoryRow.deletion(memoryId, process, Instant.now(), source);
        row.journaled(journal.append(process, JournalType.MEMORY_DELETED, invocationId, Json.object().put("id", memoryId).put("source", source)).seq());
        em.persist(row);
        indexAfterCommit(row);
    }

    @Transactional
    public Optional<MemoryRow> find(String process, String memoryId) {
        return em.createQuery("select r from MemoryRow r where r.memoryId = :id and r.latest = true and r.deleted = false"
                        + " and r.processName = :p", MemoryRow.class)
                .setParameter("id", memoryId).setParameter("p", process)
                .getResultStream().findFirst();
    }

    /** The current memories, newest change first, from below the row {@code beforeRow} (0: from the newest). */
    @Transactional
    public List<MemoryRow> list(String process, long beforeRow, int limit) {
        return em.createQuery("select r from MemoryRow r where r.processName = :p and r.latest = true and r.deleted = false"
                        + " and r.id < :before order by r.processName, r.latest, r.deleted, r.id desc", MemoryRow.class)
                .setParameter("p", process).setParameter("before", beforeRow <= 0 ? Long.MAX_VALUE : beforeRow)
                .setMaxResults(limit)
                .getResultList();
    }

    /** The memories nearest in meaning to the query, best first, among those that carry every tag in {@code tags}. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public List<Found> search(String process, String query, int limit, Set<String> tags) {
        if (MemoryInput.blank(query)) {
            throw ProblemException.invalid("q", "must be the text to search for");
        }
        Embedder embedder = embedders.of(process);
        float[] vector = Vectors.normalized(embedder.embed(query));
        // a hit this transaction changed is replaced by its pending row: ask for enough to still fill the limit
        int changedHere = transactions.getResource(PENDING) == null ? 0 : pending().size();
        List<MemoryIndex.Hit> hits = indexes.of(process, embedder).nearest(vector, limit + changedHere, tags);
        if (hits.isEmpty()) {
            return withPending(process, List.of(), vector, limit, tags, embedder.id());
        }
        Map<String, MemoryRow> rows = em.createQuery("select r from MemoryRow r where r.memoryId in :ids and r.latest = true"
                        + " and r.deleted = false", MemoryRow.class)
                .setParameter("ids", hits.stream().map(MemoryIndex.Hit::memoryId).toList())
                .getResultStream().collect(Collectors.toMap(MemoryRow::memoryId, Function.identity(), (a, b) -> a));
        List<Found> found = new ArrayList<>();
        // a hit deleted since the index saw it (by another server) is left out
        hits.stream().filter(h -> rows.containsKey(h.memoryId())).forEach(h -> found.add(new Found(rows.get(h.memoryId()), h.score())));
        return withPending(process, found, vector, limit, tags, embedder.id());
    }

    /** The memories as they were at a time: each one's last row then, unless that row deleted it. */
    @Transactional
    public List<MemoryRow> asOf(String process, Instant at) {
        Map<String, MemoryRow> last = new LinkedHashMap<>();
        // in the order the writes committed (their journal sequence; rows from before it had one first, by id)
        em.createQuery("select r from MemoryRow r where r.processName = :p and r.at <= :at order by coalesce(r.journalSeq, 0), r.id",
                        MemoryRow.class)
                .setParameter("p", process).setParameter("at", at)
                .getResultStream().forEach(r -> last.put(r.memoryId(), r));
        return last.values().stream().filter(r -> !r.deleted()).toList();
    }

    /** Copies memories to another process, as new memories of its own (a fork's). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int copy(List<MemoryRow> memories, String target, String source) {
        for (MemoryRow from : memories) {
            MemoryRow row = MemoryRow.stored(TimeOrderedIds.next(), target, Instant.now(), source, from.text(), from.tags(),
                    from.metadata(), from.embedder(), from.vector());
            em.persist(row);
            indexAfterCommit(row);
        }
        return memories.size();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void deleteAll(String process) {
        em.createQuery("delete from MemoryRow r where r.processName = :p").setParameter("p", process).executeUpdate();
        AfterCompletion.onCommit(transactions, () -> indexes.forget(process));
    }

    /**
     * The memory's current row, locked: its process first (the lock its journal entry needs, which
     * the loop's transaction holds already when memory_manage comes here), then the row, the one
     * order for everyone who changes a memory.
     */
    private MemoryRow locked(String process, String memoryId) {
        processLocks.lock(process);
        return em.createQuery("select r from MemoryRow r where r.memoryId = :id and r.latest = true and r.processName = :p", MemoryRow.class)
                .setParameter("id", memoryId).setParameter("p", process)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().filter(r -> !r.deleted()).findFirst()
                .orElseThrow(() -> ProblemException.notFound("memory '" + memoryId + "' of " + process));
    }

    /**
     * The index learns of a change once it commits; until then, searches in the same transaction
     * (a later step of the invocation that made it) see it among the transaction's pending rows.
     */
    private void indexAfterCommit(MemoryRow row) {
        pending().add(row);
        AfterCompletion.onCommit(transactions, () -> indexes.changed(row));
    }

    @SuppressWarnings("unchecked")
    private List<MemoryRow> pending() {
        List<MemoryRow> rows = (List<MemoryRow>) transactions.getResource(PENDING);
        if (rows == null) {
            rows = new ArrayList<>();
            transactions.putResource(PENDING, rows);
        }
        return rows;
    }

    /** The index's hits with this transaction's own changes of the process laid over them, best first. */
    private List<Found> withPending(String process, List<Found> committed, float[] query, int limit, Set<String> tags, String embedderId) {
        Map<String, MemoryRow> mine = new LinkedHashMap<>();
        if (transactions.getResource(PENDING) != null) {
            pending().stream().filter(r -> r.processName().equals(process)).forEach(r -> mine.put(r.memoryId(), r));
        }
        if (mine.isEmpty()) {
            return committed.size() > limit ? committed.subList(0, limit) : committed;
        }
        List<Found> merged = new ArrayList<>(committed.stream().filter(f -> !mine.containsKey(f.memory().memoryId())).toList());
        for (MemoryRow row : mine.values()) {
            float[] vector = row.deleted() || !embedderId.equals(row.embedder()) ? null : row.vector();
            if (vector != null && row.tags().containsAll(tags)) {
                merged.add(new Found(row, Vectors.dot(query, Vectors.normalized(vector))));
            }
        }
        merged.sort((a, b) -> Double.compare(b.score(), a.score()));
        return merged.size() > limit ? merged.subList(0, limit) : merged;
    }

    private static ObjectNode described(MemoryRow row) {
        ObjectNode data = Json.object().put("id", row.memoryId()).put("text", row.text()).put("source", row.source());
        data.set("tags", Json.MAPPER.valueToTree(row.tags()));
        return data;
    }
}

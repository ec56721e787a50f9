package io.castellan.memory;

import io.castellan.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The search indexes of this server, one per process, each built from the table at its first
 * search and kept current by the changes this server commits and, before each search, by the rows
 * committed since the last read, by any server of a fleet (a range of the process's journal
 * sequence, which orders its memory writes as they committed). An index is registered before it
 * is read from the table, so a change that commits during the read is applied either way, once.
 */
@ApplicationScoped
public class MemoryIndexes {

    private static final int PAGE = 2_000;

    private final ConcurrentMap<String, Loaded> byProcess = new ConcurrentHashMap<>();

    @PersistenceContext
    private EntityManager em;

    /** An index, whether the table has been read into it, and up to which journal sequence. */
    private static final class Loaded {
        final MemoryIndex index;
        boolean read;
        long seen;

        Loaded(MemoryIndex index) {
            this.index = index;
        }
    }

    /**
     * The process's index for this embedder (one built for another, the manifest having changed its
     * embedding, is replaced), with what was committed since it last read. In a transaction of its
     * own: the caller's uncommitted rows (its pending ones) must not reach an index other searches share.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    MemoryIndex of(String process, Embedder embedder) {
        Loaded loaded = byProcess.compute(process, (p, known) -> known != null && known.index.embedder().equals(embedder.id())
                ? known : new Loaded(new MemoryIndex(embedder.id(), embedder.dimension())));
        synchronized (loaded) {
            if (!loaded.read) {
                // the newest write first: one that commits while the table is read is caught up at the next search
                loaded.seen = newestWrite(process);
                read(process, loaded.index);
                loaded.read = true;
            } else {
                catchUp(process, loaded);
            }
        }
        return loaded.index;
    }

    void changed(MemoryRow row) {
        Loaded loaded = byProcess.get(row.processName());
        if (loaded != null) {
            loaded.index.apply(MemoryIndex.Change.of(row));
        }
    }

    void forget(String process) {
        byProcess.remove(process);
    }

    private long newestWrite(String process) {
        Long newest = em.createQuery("select max(r.journalSeq) from MemoryRow r where r.processName = :p", Long.class)
                .setParameter("p", process).getSingleResult();
        return newest == null ? 0 : newest;
    }

    /** The rows written since the index last read, here or on another server, in the order they committed. */
    private void catchUp(String process, Loaded loaded) {
        while (true) {
            List<Object[]> page = em.createQuery("select r.journalSeq, r.memoryId, r.embedder, r.embedding, r.tags, r.deleted from MemoryRow r"
                            + " where r.processName = :p and r.journalSeq > :seen order by r.processName, r.journalSeq", Object[].class)
                    .setParameter("p", process).setParameter("seen", loaded.seen).setMaxResults(PAGE)
                    .getResultList();
            for (Object[] c : page) {
                boolean deleted = (Boolean) c[5];
                loaded.index.apply(new MemoryIndex.Change((Long) c[0], (String) c[1], (String) c[2],
                        deleted || c[3] == null ? null : Vectors.fromBytes((byte[]) c[3]), tags((String) c[4])));
                loaded.seen = (Long) c[0];
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private static String[] tags(String json) {
        return json == null ? new String[0] : Json.MAPPER.convertValue(Json.read(json), String[].class);
    }

    /** The process's current memories, a page at a time as plain columns: no entity for each of 100,000 rows. */
    private void read(String process, MemoryIndex index) {
        long after = 0;
        while (true) {
            List<Object[]> page = em.createQuery("select r.id, r.memoryId, r.embedder, r.embedding, r.tags, r.journalSeq from MemoryRow r"
                            + " where r.processName = :p and r.latest = true and r.deleted = false and r.id > :after"
                            + " order by r.processName, r.latest, r.deleted, r.id", Object[].class)
                    .setParameter("p", process).setParameter("after", after).setMaxResults(PAGE)
                    .getResultList();
            for (Object[] c : page) {
                index.apply(new MemoryIndex.Change(MemoryIndex.Change.version((Long) c[5], (Long) c[0]), (String) c[1], (String) c[2],
                        c[3] == null ? null : Vectors.fromBytes((byte[]) c[3]), tags((String) c[4])));
                after = (Long) c[0];
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }
}

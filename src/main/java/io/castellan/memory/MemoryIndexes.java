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
 * search and kept current by the changes this server commits. An index is registered before it
 * is read from the table, so a change that commits during the read is applied either way, once.
 */
@ApplicationScoped
public class MemoryIndexes {

    private static final int PAGE = 2_000;

    private final ConcurrentMap<String, Loaded> byProcess = new ConcurrentHashMap<>();

    @PersistenceContext
    private EntityManager em;

    /** An index and whether the table has been read into it. */
    private static final class Loaded {
        final MemoryIndex index;
        boolean read;

        Loaded(MemoryIndex index) {
            this.index = index;
        }
    }

    /** The process's index for this embedder: one built for another (the manifest changed its embedding) is replaced. */
    @Transactional
    MemoryIndex of(String process, Embedder embedder) {
        Loaded loaded = byProcess.compute(process, (p, known) -> known != null && known.index.embedder().equals(embedder.id())
                ? known : new Loaded(new MemoryIndex(embedder.id(), embedder.dimension())));
        synchronized (loaded) {
            if (!loaded.read) {
                read(process, loaded.index);
                loaded.read = true;
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

    /** The process's current memories, a page at a time as plain columns: no entity for each of 100,000 rows. */
    private void read(String process, MemoryIndex index) {
        long after = 0;
        while (true) {
            List<Object[]> page = em.createQuery("select r.id, r.memoryId, r.embedder, r.embedding, r.tags from MemoryRow r"
                            + " where r.processName = :p and r.latest = true and r.deleted = false and r.id > :after"
                            + " order by r.processName, r.latest, r.deleted, r.id", Object[].class)
                    .setParameter("p", process).setParameter("after", after).setMaxResults(PAGE)
                    .getResultList();
            for (Object[] c : page) {
                String[] tags = new String[0];
                if (c[4] != null) {
                    tags = Json.MAPPER.convertValue(Json.read((String) c[4]), String[].class);
                }
                index.apply(new MemoryIndex.Change((Long) c[0], (String) c[1], (String) c[2],
                        c[3] == null ? null : Vectors.fromBytes((byte[]) c[3]), tags));
                after = (Long) c[0];
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }
}

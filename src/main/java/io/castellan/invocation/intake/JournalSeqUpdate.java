package io.castellan.invocation.intake;

import io.castellan.platform.SqlLists;
import io.castellan.process.AgentProcess;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.NativeQuery;

/**
 * A batch's processes' journal sequence numbers, written in one statement per distinct advance
 * (a cron minute's batch: one, every process +1) instead of Hibernate's update of each whole row
 * at the flush: 10,000 single-row statements a fleet's minute, each bound and sent by the server
 * and executed on its own by the database.
 *
 * <p>Only a row whose sequence number is all that changed is written here; one changed otherwise
 * too (an {@code on_busy: interrupt} that superseded its invocation) is left to Hibernate, which
 * writes its whole state. The rows are locked by the batch ({@code ProcessLocks.lockAll}), so the
 * relative update writes exactly the values the entities hold; each entity's snapshot then takes
 * those values, as after Hibernate's own update, and the flush finds it clean.
 */
final class JournalSeqUpdate {

    private JournalSeqUpdate() {
    }

    /** @param locked the batch's processes, each locked for update by this transaction */
    static void write(EntityManager em, Collection<AgentProcess> locked) {
        SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
        PersistenceContext context = session.getPersistenceContextInternal();
        EntityPersister persister = session.getEntityPersister(AgentProcess.class.getName(), null);
        int seq = List.of(persister.getPropertyNames()).indexOf("journalSeq");
        Map<Long, List<String>> byAdvance = new TreeMap<>();
        for (AgentProcess process : locked) {
            EntityEntry entry = context.getEntry(process);
            if (entry == null || entry.getStatus() != Status.MANAGED || entry.getLoadedState() == null) {
                continue;
            }
            Object[] loaded = entry.getLoadedState();
            Object[] current = persister.getValues(process);
            int[] dirty = persister.findDirty(current, loaded, process, session);
            if (dirty == null || dirty.length != 1 || dirty[0] != seq) {
                continue;
            }
            byAdvance.computeIfAbsent((Long) current[seq] - (Long) loaded[seq], advance -> new ArrayList<>()).add(process.name());
            entry.postUpdate(process, current, entry.getVersion());
        }
        // the names as one array (SqlLists.array)
        byAdvance.forEach((advance, names) -> em.createNativeQuery("update agent_process set journal_seq = journal_seq + ?1 where name = any(?2)")
                .setParameter(1, advance)
                .setParameter(2, SqlLists.array(names))
                .unwrap(NativeQuery.class)
                .addSynchronizedEntityClass(AgentProcess.class)
                .executeUpdate());
    }
}

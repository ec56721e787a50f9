package io.castellan.process;

import io.castellan.platform.HeldEntities;
import io.castellan.platform.InTransaction;
import io.castellan.platform.ProblemException;
import io.castellan.platform.SqlLists;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.LockMode;
import org.hibernate.Session;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.query.NativeQuery;

/**
 * The process row's write lock, which every change to a process and to its invocations' lifecycle
 * takes first, and every append to its journal holds (the journal's sequence numbers are in the
 * row): one process at a time, or many in one query in name order.
 */
@ApplicationScoped
public class ProcessLocks {

    @PersistenceContext
    private EntityManager em;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    /** A transaction's mark on a process whose lock it took before it had read any row. */
    private record LockedFirst(String process) {
    }

    /** Reads and locks a process row for the rest of the transaction; 404 when there is none. */
    public AgentProcess lock(String name) {
        return lockIfPresent(name).orElseThrow(() -> ProblemException.notFound("process '" + name + "'"));
    }

    /**
     * Locks the process row and returns its state as of the lock. A row this transaction read
     * before without a lock is read again under it: asking Hibernate to lock an entity it already
     * holds only takes the lock and keeps the old state, and a stale "idle" here strands triggers.
     * A row this transaction has locked or written is current already, and is not read again (that
     * would throw away what the transaction changed and has not flushed).
     */
    public Optional<AgentProcess> lockIfPresent(String name) {
        InTransaction.required(transactions);
        AgentProcess held = heldByThisTransaction(name);
        if (held == null) {
            boolean first = nothingRead();
            // not read yet in this transaction: one read, with the lock (select ... for update)
            AgentProcess locked = em.find(AgentProcess.class, name, LockModeType.PESSIMISTIC_WRITE);
            if (locked != null && first) {
                transactions.putResource(new LockedFirst(name), Boolean.TRUE);
            }
            return Optional.ofNullable(locked);
        }
        if (!writeLocked(held)) {
            em.refresh(held, LockModeType.PESSIMISTIC_WRITE);
        }
        return Optional.of(held);
    }

    /**
     * Locks many process rows in one query, in name order (so two batches never wait on each other
     * in a circle), for a caller whose transaction holds none of them yet: the rows are read under
     * the lock. Names with no process are left out. The names are bound as one array ({@link
     * SqlLists#array}).
     */
    public Map<String, AgentProcess> lockAll(Collection<String> names) {
        InTransaction.required(transactions);
        Map<String, AgentProcess> locked = new HashMap<>();
        if (!names.isEmpty()) {
            var context = em.unwrap(SharedSessionContractImplementor.class).getPersistenceContextInternal();
            List<?> rows = em.createNativeQuery("select * from agent_process where name = any(?1) order by name for update", AgentProcess.class)
                    .setParameter(1, SqlLists.array(Set.copyOf(names)))
                    .unwrap(NativeQuery.class)
                    .addSynchronizedEntityClass(AgentProcess.class)
                    .getResultList();
            for (Object row : rows) {
                AgentProcess process = (AgentProcess) row;
                // read for update: recorded as such, so that holds() and lock() know without asking the database
                context.getEntry(process).setLockMode(LockMode.PESSIMISTIC_WRITE);
                locked.put(process.name(), process);
            }
        }
        return locked;
    }

    /**
     * Whether this transaction took the process's lock before it held any row read from the
     * database (an invocation's step transaction, which opens with it): every row it reads is then
     * read under the lock, and what changes only under that lock (the lifecycle of the process's
     * invocations, its inbox) is as current in this transaction's copies as in a read again.
     */
    public boolean lockedFirst(String name) {
        InTransaction.required(transactions);
        return transactions.getResource(new LockedFirst(name)) != null;
    }

    /** Whether this transaction holds the process row's write lock (locked for update, or written), without reading the database. */
    public boolean holds(String name) {
        InTransaction.required(transactions);
        AgentProcess held = heldByThisTransaction(name);
        return held != null && writeLocked(held);
    }

    /** Whether this transaction holds the write lock on a process row its persistence context holds. */
    private boolean writeLocked(AgentProcess held) {
        return HELD.contains(em.unwrap(Session.class).getCurrentLockMode(held));
    }

    private boolean nothingRead() {
        return em.unwrap(SharedSessionContractImplementor.class).getPersistenceContextInternal().getNumberOfManagedEntities() == 0;
    }

    /** The process as this transaction's persistence context holds it, without reading the database; null if it holds none. */
    private AgentProcess heldByThisTransaction(String name) {
        return HeldEntities.held(em, AgentProcess.class, name);
    }

    /** Lock modes that mean this transaction holds the row's write lock: locked for update, or written. */
    private static final Set<LockMode> HELD = EnumSet.of(LockMode.WRITE, LockMode.PESSIMISTIC_WRITE, LockMode.PESSIMISTIC_FORCE_INCREMENT,
            LockMode.UPGRADE_NOWAIT, LockMode.UPGRADE_SKIPLOCKED);
}

package io.castellan.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.InTransaction;
import io.castellan.platform.Json;
import io.castellan.platform.Redactor;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Appends to and reads process journals. Appends join the caller's transaction; secret values are redacted first. */
@ApplicationScoped
public class Journal {

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Redactor redactor;

    @Inject
    private ProcessLocks processLocks;

    public JournalEntry append(String process, JournalType type, String invocationId, JsonNode data) {
        return append(process, type, invocationId, null, data);
    }

    /**
     * Readies appends to many processes' journals in the caller's transaction, which holds their
     * process rows' locks already (a batch about to journal for all of them, its processes locked
     * in name order): what redacting for them needs is read at once.
     */
    public void prepareAppends(Collection<String> processes) {
        InTransaction.required(transactions);
        if (!processes.isEmpty()) {
            redactor.prepare(processes);
        }
    }

    /**
     * Appends an entry under the process row's lock (taken here if the transaction does not hold
     * it; 404 when there is no such process).
     *
     * @param stepKey unique within the invocation, or null for entries that are not steps
     */
    public JournalEntry append(String process, JournalType type, String invocationId, String stepKey, JsonNode data) {
        InTransaction.required(transactions);
        // the sequence numbers are given out under the process row's lock: most callers hold it
        // already (then this costs no statement); the others take it here, and a process that is
        // gone has no journal to append to
        AgentProcess owner = processLocks.lock(process);
        JournalEntry entry = new JournalEntry(process, owner.nextJournalSeq(), Instant.now(), type, invocationId, stepKey,
                Json.write(redactor.redact(process, data)));
        em.persist(entry);
        return entry;
    }

    @Transactional
    public List<JournalEntry> after(String process, long afterSeq, int limit) {
        // ordered by the whole primary key: H2 then reads it in order and stops at the limit (by seq
        // alone it reads every entry after afterSeq and sorts them)
        return em.createQuery("select e from JournalEntry e where e.processName = :p and e.seq > :after order by e.processName, e.seq",
                        JournalEntry.class)
                .setParameter("p", process)
                .setParameter("after", afterSeq)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * The latest entries of the given types after a sequence number, oldest first. Health alerts come
     * from their own index; other types by walking the journal back from its end, which finds them
     * soon because they are common (tool results, completions) or asked for all together.
     */
    @Transactional
    public List<JournalEntry> latest(String process, long afterSeq, Collection<JournalType> types, int limit) {
        boolean indexed = !types.isEmpty() && types.stream().allMatch(JournalType::lookedUpByType);
        // the primary key walked backwards, H2 included (it does so only for an order by all its columns)
        String query = indexed
                ? "select e from JournalEntry e where e.lookupProcess = :p and e.seq > :after and e.type in :types order by e.seq desc"
                : "select e from JournalEntry e where e.processName = :p and e.seq > :after and e.type in :types"
                        + " order by e.processName desc, e.seq desc";
        List<JournalEntry> newestFirst = em.createQuery(query, JournalEntry.class)
                .setParameter("p", process)
                .setParameter("after", afterSeq)
                .setParameter("types", types)
                .setMaxResults(limit)
                .getResultList();
        List<JournalEntry> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** The process's latest sequence number; 0 when its journal is empty. */
    @Transactional
    public long lastSeq(String process) {
        return em.createQuery("select p.journalSeq from AgentProcess p where p.name = :p", Long.class)
                .setParameter("p", process).getResultStream().findFirst().orElse(0L);
    }

    @Transactional
    public List<JournalEntry> ofInvocation(String invocationId) {
        return ofInvocationAfter(invocationId, 0);
    }

    /** The invocation's entries after {@code afterSeq}, in order (what a live follower has not seen yet). */
    public List<JournalEntry> ofInvocationAfter(String invocationId, long afterSeq) {
        return em.createQuery("select e from JournalEntry e where e.invocationId = :id and e.seq > :after order by e.seq", JournalEntry.class)
                .setParameter("id", invocationId)
                .setParameter("after", afterSeq)
                .getResultList();
    }

    /**
     * The invocation's journal from its latest entry of the given type (a checkpoint) on, or the
     * whole journal when it has none: a long invocation resumes without re-reading its history.
     */
    @Transactional
    public List<JournalEntry> ofInvocationFromLast(String invocationId, JournalType type) {
        List<Long> last = em.createQuery("select max(e.seq) from JournalEntry e where e.invocationId = :id and e.type = :t", Long.class)
                .setParameter("id", invocationId)
                .setParameter("t", type)
                .getResultList();
        if (last.isEmpty() || last.get(0) == null) {
            return ofInvocation(invocationId);
        }
        return em.createQuery("select e from JournalEntry e where e.invocationId = :id and e.seq >= :from order by e.seq", JournalEntry.class)
                .setParameter("id", invocationId)
                .setParameter("from", last.get(0))
                .getResultList();
    }

    void deleteAll(String process) {
        InTransaction.required(transactions);
        em.createQuery("delete from JournalEntry e where e.processName = :p").setParameter("p", process).executeUpdate();
    }
}

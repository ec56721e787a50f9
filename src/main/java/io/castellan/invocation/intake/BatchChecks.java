package io.castellan.invocation.intake;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.journal.Journal;
import io.castellan.platform.SqlLists;
import io.castellan.platform.StorableText;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the checks of a batch of accepts read, in four queries for the whole batch instead of four
 * per trigger: its processes locked (in name order; each journal append then finds its process's
 * lock taken, which gives out its sequence numbers), earlier accepts of the same triggers (when
 * the caller asks: {@link TriggerIntake.Repeats}), and which of the idle processes have triggers
 * queued. The batch's own accepts are added as they are written: a second trigger for one process
 * finds it busy, a repeat finds the first.
 */
final class BatchChecks {

    private final Map<String, AgentProcess> locked;
    private final Map<String, Invocation> accepted = new HashMap<>();
    private final Set<String> queued = new HashSet<>();

    private BatchChecks(Map<String, AgentProcess> locked) {
        this.locked = locked;
    }

    /** @param journal readied for the batch's appends, or null when it journals nothing at the accept (a cron batch) */
    static BatchChecks read(EntityManager em, ProcessLocks processLocks, Journal journal, List<GroupCommit.Request> requests,
                            TriggerIntake.Repeats repeats) {
        Set<String> names = new HashSet<>();
        for (GroupCommit.Request request : requests) {
            names.add(request.process());
        }
        BatchChecks checks = new BatchChecks(processLocks.lockAll(names));
        if (journal != null) {
            journal.prepareAppends(checks.locked.keySet());
        }
        // a cron lane's batch of 500 asks PostgreSQL ~7 ms for this, with nothing to find unless a fault left one
        List<GroupCommit.Request> keyed = repeats == TriggerIntake.Repeats.FAIL_BATCH ? List.of()
                : requests.stream().filter(r -> r.dedupKey() != null).toList();
        if (!keyed.isEmpty()) {
            Query earlier = em.createNativeQuery(repeatsSql(keyed.size()), Invocation.class);
            for (int i = 0; i < keyed.size(); i++) {
                earlier.setParameter(2 * i + 1, keyed.get(i).process()).setParameter(2 * i + 2, StorableText.stored(keyed.get(i).dedupKey()));
            }
            for (Object repeat : earlier.getResultList()) {
                checks.remember((Invocation) repeat);
            }
        }
        // only an idle process's queue decides whether it is busy; a running one's may be long, and is not read
        List<String> idle = checks.locked.values().stream().filter(p -> p.activeInvocation() == null).map(AgentProcess::name).toList();
        if (!idle.isEmpty()) {
            Query queued = em.createNativeQuery(queuedSql(idle.size()));
            for (int i = 0; i < idle.size(); i++) {
                queued.setParameter(i + 1, idle.get(i));
            }
            for (Object name : queued.getResultList()) {
                checks.queued.add((String) name);
            }
        }
        return checks;
    }

    /**
     * The earlier accepts of these (process, dedup key) pairs: the pairs as a table of values, each
     * one lookup in the unique index. Not {@code process_name in (..) and dedup_key in (..)}, which
     * reads every invocation of each process in H2 ({@link SqlLists}; a per-minute cron's history
     * grows by 1,440 a day), nor {@code (process_name, dedup_key) in ((..), ..)}, which PostgreSQL
     * takes 50 ms to plan for a batch of 500.
     */
    static String repeatsSql(int pairs) {
        return "select i.* from (values " + SqlLists.rows(pairs, 2) + ") k (process_name, dedup_key)"
                + " join invocation i on i.process_name = k.process_name and i.dedup_key = k.dedup_key";
    }

    /**
     * Which of these processes have triggers queued: each process one probe of the queue's index,
     * not its whole history ({@link SqlLists}), and no read of the process rows, which the batch
     * has locked and read already (joined to them, the check took PostgreSQL 1.7 times as long:
     * docs/performance.md, session 47). The status is in the text, as in every lookup of a queue:
     * bound, PostgreSQL's plan kept for any value could not use the index that holds the queues
     * alone (db/postgresql/V25_1).
     */
    static String queuedSql(int processes) {
        return "select k.name from (values " + SqlLists.rows(processes, 1) + ") k (name)"
                + " where exists (select 1 from invocation i where i.process_name = k.name and i.status = '" + InvocationStatus.QUEUED.name() + "')";
    }

    /** The batch's processes, each locked for update. */
    Collection<AgentProcess> locked() {
        return locked.values();
    }

    /** The process, locked; empty when there is none of that name. */
    Optional<AgentProcess> process(String name) {
        return Optional.ofNullable(locked.get(name));
    }

    /** The invocation this trigger made before (in an earlier transaction or earlier in this batch). */
    Optional<Invocation> repeat(String process, String dedupKey) {
        return dedupKey == null ? Optional.empty() : Optional.ofNullable(accepted.get(key(process, dedupKey)));
    }

    /** Running, waiting, or with triggers before this one still to run (as {@code IntakeTransaction.busy}). */
    boolean busy(AgentProcess process) {
        return process.activeInvocation() != null || queued.contains(process.name());
    }

    /** An invocation this batch has written: its process has a trigger before the next one. */
    void wrote(Invocation invocation) {
        queued.add(invocation.processName());
        remember(invocation);
    }

    private void remember(Invocation invocation) {
        if (invocation.dedupKey() != null) {
            accepted.put(key(invocation.processName(), invocation.dedupKey()), invocation);
        }
    }

    /** One key for a trigger's dedup key as sent and as stored (a U+0000 in it is kept as U+FFFD). */
    private static String key(String process, String dedupKey) {
        return Objects.requireNonNull(process) + "\n" + StorableText.stored(dedupKey);
    }
}

package io.castellan.invocation.intake;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.journal.Journal;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import jakarta.persistence.EntityManager;
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
 * lock taken, which gives out its sequence numbers), earlier accepts of the same triggers, and
 * which of the idle processes have triggers queued. The batch's own accepts are added as they are
 * written: a second trigger for one process finds it busy, a repeat finds the first.
 */
final class BatchChecks {

    private final Map<String, AgentProcess> locked;
    private final Map<String, Invocation> accepted = new HashMap<>();
    private final Set<String> queued = new HashSet<>();

    private BatchChecks(Map<String, AgentProcess> locked) {
        this.locked = locked;
    }

    static BatchChecks read(EntityManager em, ProcessLocks processLocks, Journal journal, List<GroupCommit.Request> requests) {
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (GroupCommit.Request request : requests) {
            names.add(request.process());
            if (request.dedupKey() != null) {
                keys.add(request.dedupKey());
            }
        }
        BatchChecks checks = new BatchChecks(processLocks.lockAll(names));
        journal.prepareAppends(checks.locked.keySet());
        if (!keys.isEmpty()) {
            em.createQuery("select i from Invocation i where i.processName in :names and i.dedupKey in :keys", Invocation.class)
                    .setParameter("names", names)
                    .setParameter("keys", keys)
                    .getResultList()
                    .forEach(checks::remember);
        }
        // only an idle process's queue decides whether it is busy; a running one's may be long, and is not read
        Set<String> idle = new HashSet<>();
        checks.locked.values().stream().filter(p -> p.activeInvocation() == null).forEach(p -> idle.add(p.name()));
        if (!idle.isEmpty()) {
            checks.queued.addAll(em.createQuery("select distinct i.processName from Invocation i where i.processName in :names and i.status = :s",
                            String.class)
                    .setParameter("names", idle)
                    .setParameter("s", InvocationStatus.QUEUED)
                    .getResultList());
        }
        return checks;
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

    private static String key(String process, String dedupKey) {
        return Objects.requireNonNull(process) + "\n" + dedupKey;
    }
}

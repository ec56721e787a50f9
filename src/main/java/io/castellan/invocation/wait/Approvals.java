package io.castellan.invocation.wait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.escalation.Escalations;
import io.castellan.invocation.execution.RunStart;
import io.castellan.invocation.loop.StepKeys;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.ApprovalPolicy;
import io.castellan.platform.Cursor;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.platform.Redactor;
import io.castellan.process.ProcessLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Approvals: requested inside the step that suspends the invocation (with its APPROVAL wait, so
 * nobody can decide a request whose wait is not there), decided once under the approval's row
 * lock (a second decision finds it decided: 409), which resolves the wait and wakes the
 * invocation. Whoever changes a request takes its process's row first (the lock of lifecycle
 * changes, which its journal entry needs too), then the request's, then the wait's: the lock order.
 */
@ApplicationScoped
public class Approvals {

    /** How many expired requests one pass of the timer ends; the rest go in the next pass. */
    static final int BATCH = 200;

    /** What a decision is. */
    public enum Decision { APPROVE, REJECT }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Waits waits;

    @Inject
    private Journal journal;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Escalations escalations;

    @Inject
    private Redactor redactor;

    /** The request's id: the same for every attempt at the step, like the wait's. */
    static String idFor(String invocationId, int step) {
        return UUID.nameUUIDFromBytes(("approval:" + invocationId + ":" + step).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * In the suspending step's transaction: the request, its journal entry and its notice.
     *
     * @param tool the gated tool, or null for {@code request_approval}
     */
    @Transactional(TxType.MANDATORY)
    Approval request(RunStart run, int step, String tool, String summary, JsonNode details, JsonNode arguments, ApprovalPolicy policy) {
        // milliseconds: what every database keeps of a time, so the journal and the row agree
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String process = run.process();
        Approval approval = new Approval(idFor(run.invocationId(), step), process, run.invocationId(), step, tool,
                redactor.redact(process, summary), details == null ? null : redactor.redact(process, details),
                arguments == null ? null : redactor.redact(process, arguments), policy.onTimeout(), now, now.plus(policy.timeout()));
        em.persist(approval);
        ObjectNode data = Json.object().put("approval", approval.id()).put("step", step).put("summary", approval.summary())
                .put("expires_at", approval.expiresAt().toString());
        if (tool != null) {
            data.put("tool", tool);
        }
        journal.append(process, JournalType.APPROVAL_REQUESTED, run.invocationId(), StepKeys.approvalRequested(step), data);
        if (policy.noticeTo() != null) {
            ObjectNode notice = data.deepCopy().put("invocation", run.invocationId())
                    .put("decide", "/api/v1/approvals/" + approval.id());
            notice.set("details", approval.details());
            notice.set("arguments", approval.arguments());
            escalations.notify(process, policy.noticeTo(), "approval_requested", notice);
        }
        return approval;
    }

    /**
     * A person's decision.
     *
     * @param by  who decided (the API token's name)
     * @param via how: {@code api}, {@code cli} or {@code console}
     * @throws ProblemException 404 for an unknown request, 409 for one decided already
     */
    @Transactional
    public Approval decide(String id, Decision decision, String comment, String by, String via) {
        Approval approval = em.find(Approval.class, id);
        // its process first (a process deleted meanwhile took its requests with it), then the request, read again under its lock
        if (approval == null || processLocks.lockIfPresent(approval.processName()).isEmpty()) {
            throw ProblemException.notFound("approval '" + id + "'");
        }
        em.refresh(approval, LockModeType.PESSIMISTIC_WRITE);
        if (!approval.pending()) {
            throw ProblemException.conflict("approval '" + id + "' was " + approval.state().name().toLowerCase()
                    + (approval.decidedBy() == null ? "" : " by " + approval.decidedBy()) + " at " + approval.decidedAt()
                    + "; it is decided once");
        }
        end(approval, decision == Decision.APPROVE ? Approval.State.APPROVED : Approval.State.REJECTED, by, via, comment, Instant.now());
        return approval;
    }

    /** Ends the requests whose timeout has passed, as their {@code on_timeout} says. @return how many */
    @Transactional(TxType.REQUIRES_NEW)
    public int expireDue(Instant now) {
        List<Approval> due = em.createQuery("select a from Approval a where a.state = :pending and a.expiresAt <= :now order by a.state, a.expiresAt",
                        Approval.class)
                .setParameter("pending", Approval.State.PENDING).setParameter("now", now)
                .setMaxResults(BATCH)
                .getResultList();
        if (due.isEmpty()) {
            return 0;
        }
        // the lock order: their processes (in name order), then the requests; another server's timer
        // that takes the same rows waits, then finds them ended
        Set<String> processes = processLocks.lockAll(due.stream().map(Approval::processName).toList()).keySet();
        for (Approval approval : due) {
            if (!processes.contains(approval.processName())) {
                // deleted meanwhile, with its requests
                continue;
            }
            em.refresh(approval, LockModeType.PESSIMISTIC_WRITE);
            if (approval.pending()) {
                end(approval, Approval.State.EXPIRED, null, "timeout", "nobody decided by " + approval.expiresAt(), now);
            }
        }
        return due.size();
    }

    private void end(Approval approval, Approval.State state, String by, String via, String comment, Instant now) {
        approval.decide(state, by, via, comment, now);
        waits.resolve(approval.invocationId(), approval.processName(), approval.step(), outcome(approval));
        ObjectNode data = Json.object().put("approval", approval.id()).put("step", approval.step())
                .put("decision", state.name().toLowerCase()).put("via", via).put("comment", comment);
        data.put("by", by);
        journal.append(approval.processName(), JournalType.APPROVAL_DECIDED, approval.invocationId(), StepKeys.approvalDecided(approval.step()), data);
    }

    /**
     * What the waiting step gets: {@code {approval, decision, by, via, comment, decided_at}}, where
     * an expired request is {@code rejected} by {@code timeout}; or, under {@code on_timeout: fail},
     * {@code {error, fail_invocation: true}}.
     */
    static JsonNode outcome(Approval approval) {
        if (approval.state() == Approval.State.EXPIRED && approval.onTimeout() == ApprovalPolicy.OnTimeout.FAIL) {
            return Json.object().put("error", "approval " + approval.id() + " was not decided by " + approval.expiresAt()
                    + " (on_timeout: fail)").put("fail_invocation", true);
        }
        ObjectNode outcome = Json.object().put("approval", approval.id())
                .put("decision", approval.state() == Approval.State.APPROVED ? "approved" : "rejected")
                .put("by", approval.state() == Approval.State.EXPIRED ? "timeout" : approval.decidedBy())
                .put("via", approval.decidedVia())
                .put("comment", approval.comment())
                .put("decided_at", approval.decidedAt().toString());
        return outcome;
    }

    /** The invocation ended while it waited (cancelled, failed elsewhere): its open requests are withdrawn. */
    @Transactional(TxType.MANDATORY)
    public void withdraw(String invocationId) {
        Instant now = Instant.now();
        em.createQuery("select a from Approval a where a.invocationId = :i and a.state = :pending", Approval.class)
                .setParameter("i", invocationId).setParameter("pending", Approval.State.PENDING)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList().forEach(a -> {
                    em.refresh(a);
                    if (a.pending()) {
                        a.decide(Approval.State.WITHDRAWN, null, "engine", "the invocation ended before a decision", now);
                    }
                });
    }

    @Transactional(TxType.MANDATORY)
    public void deleteOf(String process) {
        em.createQuery("delete from Approval a where a.processName = :p").setParameter("p", process).executeUpdate();
    }

    @Transactional
    public Optional<Approval> find(String id) {
        return Optional.ofNullable(em.find(Approval.class, id));
    }

    /** Newest first, optionally of one state and one process, after the cursor's position. */
    @Transactional
    public List<Approval> recent(Approval.State state, String process, Cursor.TimeAndId before, int limit) {
        String where = (state == null ? "1 = 1" : "a.state = :state") + (process == null ? "" : " and a.processName = :process")
                + (before == null ? "" : " and a.requestedAt <= :t and (a.requestedAt < :t or a.id < :id)");
        String order = (state == null ? "" : "a.state desc, ") + "a.requestedAt desc, a.id desc";
        TypedQuery<Approval> query = em.createQuery("select a from Approval a where " + where + " order by " + order, Approval.class)
                .setMaxResults(limit);
        if (state != null) {
            query.setParameter("state", state);
        }
        if (process != null) {
            query.setParameter("process", process);
        }
        if (before != null) {
            query.setParameter("t", before.time()).setParameter("id", before.id());
        }
        return query.getResultList();
    }

    /** The request of a waiting step, if the step asked for one. */
    @Transactional(TxType.MANDATORY)
    Optional<Approval> of(String invocationId, int step) {
        return Optional.ofNullable(em.find(Approval.class, idFor(invocationId, step)));
    }
}

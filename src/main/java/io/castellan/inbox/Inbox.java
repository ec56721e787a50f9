package io.castellan.inbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.platform.Redactor;
import io.castellan.platform.TimeOrderedIds;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Each process's inbox: operators' messages, taken by the next turn of one of its invocations,
 * highest priority first, each once; a message whose time to live ran out is expired instead and
 * journaled so. Whoever changes messages takes the process row's lock (which the journal's appends
 * need) first, then the rows: the loop's step transaction holds that lock already when it takes them.
 */
@ApplicationScoped
public class Inbox {

    /** How many messages one turn takes at most; the rest go to the next turn. */
    public static final int PER_TURN = 20;

    /** The last post's time on this server. */
    private static final AtomicReference<Instant> LAST_POST = new AtomicReference<>(Instant.EPOCH);

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Journal journal;

    @Inject
    private Redactor redactor;

    @Inject
    private ProcessLocks processLocks;

    @Transactional
    public InboxMessage post(String process, String message, InboxMessage.Priority priority, Duration ttl, String sentBy) {
        // the process row's lock first (the journal's append below needs it too): the mark that the
        // inbox holds mail changes only under it, so a turn that holds it sees this post or none
        processLocks.lock(process).inboxPending(true);
        // taken under that lock, so that posts to one process get their times in the order they are made
        Instant now = postTime();
        InboxMessage posted = new InboxMessage(TimeOrderedIds.next(), process, redactor.redact(process, message), priority,
                sentBy, now, now.plus(ttl));
        em.persist(posted);
        journal.append(process, JournalType.INBOX_RECEIVED, null, note(posted).put("expires_at", posted.expiresAt().toString()));
        return posted;
    }

    /**
     * A post's time: to the microsecond (what H2 and PostgreSQL keep, so the row as posted and as
     * read agree), and later than the one before on this server even if the clock stepped back.
     * "Oldest first" orders by it: at whole milliseconds, posts made one after another in the same
     * millisecond tied, and the random part of their ids put them in no set order.
     */
    static Instant postTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return LAST_POST.accumulateAndGet(now, (last, next) -> next.isAfter(last) ? next : last.plus(1, ChronoUnit.MICROS));
    }

    /**
     * In the step transaction of a turn: the process's pending messages, highest priority first
     * (then oldest first), now delivered to that turn; the expired ones are dropped on the way.
     */
    @Transactional(TxType.MANDATORY)
    public List<InboxMessage> take(String process, String invocationId, int turn) {
        // a step transaction holds the process row's lock already (it takes it first: no read here),
        // and the row says whether there is mail at all: most turns have none, and make no query
        AgentProcess locked = processLocks.lockIfPresent(process).orElse(null);
        if (locked == null || !locked.inboxPending()) {
            return List.of();
        }
        Instant now = Instant.now();
        expire(process, now);
        List<InboxMessage> taken = em.createQuery("select m from InboxMessage m where m.processName = :p and m.state = :pending"
                        + " order by m.priority desc, m.sentAt, m.id", InboxMessage.class)
                .setParameter("p", process).setParameter("pending", InboxMessage.State.PENDING)
                .setMaxResults(PER_TURN)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        taken.forEach(m -> m.delivered(invocationId, turn, now));
        if (taken.size() < PER_TURN) {
            // the last of them (or none were left): no turn looks again until a post
            locked.inboxPending(false);
        }
        return taken;
    }

    /** The process's pending messages, as the next turn would take them. */
    @Transactional
    public List<InboxMessage> pending(String process) {
        return em.createQuery("select m from InboxMessage m where m.processName = :p and m.state = :pending and m.expiresAt > :now"
                        + " order by m.priority desc, m.sentAt, m.id", InboxMessage.class)
                .setParameter("p", process).setParameter("pending", InboxMessage.State.PENDING).setParameter("now", Instant.now())
                .getResultList();
    }

    @Transactional
    public Optional<InboxMessage> find(String process, String id) {
        return Optional.ofNullable(em.find(InboxMessage.class, id)).filter(m -> m.processName().equals(process));
    }

    /** The processes with pending messages past their time, for the timer. */
    @Transactional
    List<String> withExpired(Instant now) {
        return em.createQuery("select distinct m.processName from InboxMessage m where m.state = :pending and m.expiresAt <= :now", String.class)
                .setParameter("pending", InboxMessage.State.PENDING).setParameter("now", now).setMaxResults(100).getResultList();
    }

    /** Expires the process's messages past their time, each journaled. */
    @Transactional(TxType.REQUIRES_NEW)
    void expireOf(String process, Instant now) {
        processLocks.lockIfPresent(process);
        expire(process, now);
    }

    private void expire(String process, Instant now) {
        em.createQuery("select m from InboxMessage m where m.processName = :p and m.state = :pending and m.expiresAt <= :now", InboxMessage.class)
                .setParameter("p", process).setParameter("pending", InboxMessage.State.PENDING).setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList().forEach(m -> {
                    m.expired();
                    journal.append(process, JournalType.INBOX_EXPIRED, null, note(m).put("expires_at", m.expiresAt().toString()));
                });
    }

    /** A message as the model and the journal see it: {@code {id, priority, message, from, sent_at}}. */
    public static ObjectNode note(InboxMessage m) {
        return Json.object().put("id", m.id()).put("priority", m.priority().label()).put("message", m.message())
                .put("from", m.sentBy()).put("sent_at", m.sentAt().toString());
    }

    void follow(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            em.createQuery("delete from InboxMessage m where m.processName = :p").setParameter("p", event.process()).executeUpdate();
        }
    }
}

package io.castellan.conversation;

import io.castellan.conversation.ConversationTurn.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Each process's conversation buffer: persisted, so it outlives restarts, and compacted by the
 * invocation that finds it over its budget. At most one summary exists; it comes first.
 */
@ApplicationScoped
public class Conversations {

    @PersistenceContext
    private EntityManager em;

    /**
     * A rough token count (four characters a token): it only decides when to compact, and no
     * tokenizer fits every provider's models.
     */
    public static int estimateTokens(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    @Transactional
    public List<ConversationTurn> of(String process) {
        return em.createQuery("select t from ConversationTurn t where t.processName = :p", ConversationTurn.class)
                .setParameter("p", process)
                .getResultList().stream()
                .sorted(Comparator.comparing((ConversationTurn t) -> t.role() != Role.SUMMARY).thenComparing(ConversationTurn::id))
                .toList();
    }

    /** Takes the turns made after a time out of the buffer (the journal keeps what they said); how many. */
    @Transactional(TxType.MANDATORY)
    public int dropAfter(String process, Instant at) {
        return em.createQuery("delete from ConversationTurn t where t.processName = :p and t.at > :at")
                .setParameter("p", process).setParameter("at", at).executeUpdate();
    }

    @Transactional(TxType.MANDATORY)
    public void append(String process, String invocationId, Role role, String content, Instant at) {
        em.persist(new ConversationTurn(process, invocationId, role, content, at));
    }

    /**
     * Replaces the given older turns by one summary (or by nothing, when {@code summary} is null).
     * Turns already gone (a compaction that ran before) are skipped.
     */
    @Transactional(TxType.MANDATORY)
    public void compact(String process, List<Long> olderTurns, String summary, String invocationId, Instant at) {
        if (!olderTurns.isEmpty()) {
            em.createQuery("delete from ConversationTurn t where t.processName = :p and t.id in :ids")
                    .setParameter("p", process)
                    .setParameter("ids", olderTurns)
                    .executeUpdate();
        }
        if (summary != null) {
            em.persist(new ConversationTurn(process, invocationId, Role.SUMMARY, summary, at));
        }
    }

    @Transactional(TxType.MANDATORY)
    void deleteAll(String process) {
        em.createQuery("delete from ConversationTurn t where t.processName = :p").setParameter("p", process).executeUpdate();
    }
}

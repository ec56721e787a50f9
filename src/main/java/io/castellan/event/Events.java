package io.castellan.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.manifest.Topics;
import io.castellan.platform.Cursor;
import io.castellan.platform.FieldError;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The event bus's store: publishing writes the event in the caller's transaction and hands it to
 * the broker once that commits ({@link EventRelay}); the broker fans it out to every subscribed
 * process ({@link Subscriptions}), and each gets one invocation for it ({@link EventDeliveryConsumer}).
 */
@ApplicationScoped
public class Events {

    /** The largest payload an event or a message carries, as JSON text. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private EventRelay relay;

    /**
     * @param publisher the process that publishes, or {@code api:<token>}
     * @throws ProblemException naming {@code topic} or {@code payload} when either is not acceptable
     */
    @Transactional
    public BusEvent publish(String topic, JsonNode payload, String publisher) {
        Optional<FieldError> problem = problem(topic, payload);
        if (problem.isPresent()) {
            throw ProblemException.invalid(List.of(problem.get()));
        }
        BusEvent event = new BusEvent(topic, payload, publisher, Instant.now());
        em.persist(event);
        relay.afterCommit(event.id());
        return event;
    }

    /** Why an event cannot be published (the field, {@code topic} or {@code payload}, and the reason), if it cannot. */
    public static Optional<FieldError> problem(String topic, JsonNode payload) {
        String topicProblem = Topics.topicProblem(topic);
        if (topicProblem != null) {
            return Optional.of(new FieldError("topic", topicProblem));
        }
        return payloadProblem(payload).map(reason -> new FieldError("payload", reason));
    }

    /** Why a payload is too large for an event or a message, if it is. */
    public static Optional<String> payloadProblem(JsonNode payload) {
        int bytes = Json.write(payload).getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_PAYLOAD_BYTES
                ? Optional.of("has " + bytes + " bytes as JSON; at most " + MAX_PAYLOAD_BYTES + " (256 KiB) are carried")
                : Optional.empty();
    }

    @Transactional
    public Optional<BusEvent> find(String id) {
        return Optional.ofNullable(em.find(BusEvent.class, id));
    }

    /** Newest first; with a topic, that topic's alone; {@code before*} is the last row of the page before. */
    @Transactional
    public List<BusEvent> recent(String topic, Cursor.TimeAndId before, int limit) {
        String where = (topic == null ? "1 = 1" : "e.topic = :topic")
                + (before == null ? "" : " and e.publishedAt <= :t and (e.publishedAt < :t or e.id < :id)");
        String order = (topic == null ? "" : "e.topic desc, ") + "e.publishedAt desc, e.id desc";
        TypedQuery<BusEvent> query = em.createQuery("select e from BusEvent e where " + where + " order by " + order, BusEvent.class)
                .setMaxResults(limit);
        if (topic != null) {
            query.setParameter("topic", topic);
        }
        if (before != null) {
            query.setParameter("t", before.time()).setParameter("id", before.id());
        }
        return query.getResultList();
    }

    /** Events published before {@code before} and not yet handed to the broker, oldest first. */
    @Transactional
    List<BusEvent> unrouted(Instant before, int limit) {
        return em.createQuery("select e from BusEvent e where e.routedAt is null and e.publishedAt < :before order by e.routedAt, e.publishedAt",
                        BusEvent.class)
                .setParameter("before", before).setMaxResults(limit).getResultList();
    }

    /**
     * One batch of routed events published before the cutoff: by a process ({@code publisher}),
     * or, with {@code null}, through the API. Returns how many went. (Retention: an event is kept as
     * long as its publisher keeps its journal; one published through the API by the server's keep.)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int expire(String publisher, Instant cutoff, int batch) {
        var query = em.createQuery("select e.id from BusEvent e where e.publishedAt < :cutoff and e.routedAt is not null"
                        + (publisher == null ? " and e.publisher like 'api:%'" : " and e.publisher = :p"), String.class)
                .setParameter("cutoff", cutoff).setMaxResults(batch);
        if (publisher != null) {
            query.setParameter("p", publisher);
        }
        List<String> ids = query.getResultList();
        if (!ids.isEmpty()) {
            em.createQuery("delete from BusEvent e where e.id in :ids").setParameter("ids", ids).executeUpdate();
        }
        return ids.size();
    }

    @Transactional
    void routed(String id) {
        BusEvent event = em.find(BusEvent.class, id);
        if (event != null && event.routedAt() == null) {
            event.routed(Instant.now());
        }
    }
}

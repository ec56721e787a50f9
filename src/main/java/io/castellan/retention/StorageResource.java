package io.castellan.retention;

import io.castellan.access.Allowed;
import io.castellan.access.Role;
import io.castellan.platform.Durations;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;

/**
 * {@code GET /processes/{name}/storage}: the rows a process holds and the bytes of text in them
 * (payloads, replies, journal data, conversation, state values: what it stores, not the database's
 * pages), with how long they are kept.
 */
@Path("processes/{name}/storage")
@Produces(MediaType.APPLICATION_JSON)
public class StorageResource {

    /** Rows, and the characters of their stored text. */
    public record Usage(long rows, long bytes) {
    }

    /** {@code keep}: how long ended invocations, the journal and the conversation are kept, null for forever; {@code kept_by}: manifest or server. */
    public record StorageView(String process, String keep, String kept_by, Usage invocations, Usage journal, Usage conversation, Usage state,
                              Usage state_history) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Processes processes;

    @GET
    @Allowed(Role.VIEWER)
    @Transactional
    public StorageView storage(@PathParam("name") String name) {
        AgentProcess process = processes.require(name);
        Duration manifestKeep = processes.manifest(name, process.version()).retention();
        Duration keep = manifestKeep != null ? manifestKeep : RetentionSettings.processes();
        return new StorageView(name, keep == null ? null : Durations.written(keep), keep == null ? null : manifestKeep != null ? "manifest" : "server",
                usage("select count(i), coalesce(sum(length(i.triggerPayload)), 0) + coalesce(sum(length(i.reply)), 0)"
                        + " + coalesce(sum(length(i.error)), 0) from Invocation i where i.processName = :p", name),
                usage("select count(j), coalesce(sum(length(j.data)), 0) from JournalEntry j where j.processName = :p", name),
                usage("select count(t), coalesce(sum(length(t.content)), 0) from ConversationTurn t where t.processName = :p", name),
                usage("select count(s), coalesce(sum(length(s.value)), 0) from StateEntry s where s.processName = :p", name),
                usage("select count(c), coalesce(sum(length(c.value)), 0) from StateChange c where c.processName = :p", name));
    }

    private Usage usage(String query, String process) {
        Object[] row = em.createQuery(query, Object[].class).setParameter("p", process).getSingleResult();
        return new Usage(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

}

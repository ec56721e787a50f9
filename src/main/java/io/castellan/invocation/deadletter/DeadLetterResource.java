package io.castellan.invocation.deadletter;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.invocation.InvocationView;
import io.castellan.invocation.Invocations;
import io.castellan.invocation.intake.TriggerMessage;
import io.castellan.platform.Cursor;
import io.castellan.platform.Json;
import io.castellan.platform.Page;
import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Triggers in {@code castellan.triggers.dlq}: the ones Castellan refused (with the reason) and the
 * ones whose consumer kept failing until the broker gave up. List, read, replay, delete.
 */
@Path("dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    /**
     * @param attempts deliveries before the broker gave up, or null for a message Castellan refused at once
     * @param trigger  the original trigger: {kind, ref, payload} of its invocation, or the client's JSON body
     */
    /** {@code process_exists}: false once its process was deleted (the console then offers Discard, not Replay). */
    public record DeadLetterView(String id, String process, boolean process_exists, String invocation, String reason, Integer attempts,
                                 Instant at, JsonNode trigger) {
    }

    @Inject
    private DeadLetterQueue queue;

    @Inject
    private Invocations invocations;

    @Inject
    private Processes processes;

    @Inject
    private DeadLetteredInvocations deadLettered;

    @Inject
    private DeadLetters deadLetters;

    @Context
    private SecurityContext security;

    @GET
    @Allowed(Role.VIEWER)
    public Page<DeadLetterView> list(@QueryParam("limit") Integer limit) {
        // a process named by many dead letters is looked up once per listing
        Map<String, Boolean> exists = new HashMap<>();
        return Page.of(queue.browse(Cursor.limit(limit, 100, 1000), m -> view(m, exists)));
    }

    @GET
    @Path("{id}")
    @Allowed(Role.VIEWER)
    public DeadLetterView get(@PathParam("id") String id) {
        return queue.find(id, m -> view(m, new HashMap<>())).orElseThrow(() -> notFound(id));
    }

    /** 202 with the new invocation, or (for a client's message) the message queued again. */
    @POST
    @Path("{id}/replay")
    @Allowed(Role.OPERATOR)
    @Transactional
    @APIResponse(responseCode = "202", description = "A new invocation (its summary), or {requeued: id} for a client's message sent again",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InvocationView.class)))
    public Response replay(@PathParam("id") String id) {
        Message message = queue.take(id).orElseThrow(() -> notFound(id));
        String invocation = property(message, TriggerMessage.INVOCATION_PROPERTY);
        if (invocation == null) {
            deadLetters.requeue(message);
            return Response.accepted(Map.of("requeued", id)).build();
        }
        String fresh = deadLettered.replay(invocation, Caller.source(security));
        if (fresh == null) {
            throw ProblemException.conflict("dead letter " + id + " names invocation '" + invocation + "', which no longer exists; delete it");
        }
        return Response.accepted(invocations.find(fresh).map(InvocationView::summary).orElseThrow()).build();
    }

    @DELETE
    @Path("{id}")
    @Allowed(Role.OPERATOR)
    @Transactional
    @APIResponse(responseCode = "204", description = "Removed; its invocation, if it had not ended, ends FAILED")
    public Response delete(@PathParam("id") String id) {
        Message message = queue.take(id).orElseThrow(() -> notFound(id));
        String invocation = property(message, TriggerMessage.INVOCATION_PROPERTY);
        if (invocation != null) {
            deadLettered.fail(invocation, "dead-lettered; deleted by " + Caller.source(security));
        }
        return Response.noContent().build();
    }

    private DeadLetterView view(Message message, Map<String, Boolean> processExists) {
        try {
            String invocation = property(message, TriggerMessage.INVOCATION_PROPERTY);
            String reason = property(message, DeadLetters.REASON_PROPERTY);
            Integer attempts = null;
            if (reason == null) {
                attempts = DeadLetters.MAX_DELIVERY_ATTEMPTS;
                reason = "the consumer failed on every delivery (" + attempts + " attempts); the broker moved the message here";
            }
            JsonNode trigger = invocation == null ? body(message) : invocations.find(invocation).map(i -> {
                ObjectNode original = Json.object().put("kind", i.triggerKind().name().toLowerCase());
                if (i.triggerRef() != null) {
                    original.put("ref", i.triggerRef());
                }
                return (JsonNode) original.set("payload", i.triggerPayload());
            }).orElse(null);
            String process = property(message, TriggerMessage.PROCESS_PROPERTY);
            boolean exists = process != null && processExists.computeIfAbsent(process, p -> processes.find(p).isPresent());
            return new DeadLetterView(message.getJMSMessageID(), process, exists, invocation, reason,
                    attempts, Instant.ofEpochMilli(message.getJMSTimestamp()), trigger);
        } catch (JMSException e) {
            throw new JMSRuntimeException("Cannot read a dead letter: " + e.getMessage(), e.getErrorCode(), e);
        }
    }

    private static JsonNode body(Message message) throws JMSException {
        if (!(message instanceof TextMessage text) || text.getText() == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text.getText());
        } catch (JacksonException e) {
            return TextNode.valueOf(text.getText());
        }
    }

    private static String property(Message message, String name) {
        try {
            return message.propertyExists(name) ? message.getStringProperty(name) : null;
        } catch (JMSException e) {
            throw new JMSRuntimeException("Cannot read a dead letter: " + e.getMessage(), e.getErrorCode(), e);
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("dead letter '" + id + "'");
    }
}

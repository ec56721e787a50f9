package io.castellan.invocation;

import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.invocation.wait.EndWait;
import io.castellan.platform.ProblemException;
import io.castellan.model.AnswerStreams;
import io.castellan.platform.SseFeeds;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
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
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** One invocation with its steps: the model's intent beside the host's execution. */
@Path("invocations")
@Produces(MediaType.APPLICATION_JSON)
public class InvocationResource {

    @Inject
    private Invocations invocations;

    @Inject
    private Cancellation cancellation;

    @Inject
    private EndWait endWait;

    @Inject
    private AnswerStreams answers;

    @Inject
    private SseFeeds feeds;

    @Context
    private SecurityContext security;

    /** How often a live stream looks for news. */
    static final Duration STREAM_POLL = Duration.ofMillis(100);

    /**
     * The invocation as it happens, as Server-Sent Events: {@code token} (a piece of an answer
     * being written, with {@code model_options.stream}), {@code answer}, {@code tool_call},
     * {@code step}, {@code waiting}, {@code retry} and {@code end}, after which it closes; from the
     * start, or after {@code Last-Event-ID}.
     */
    @GET
    @Path("{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Allowed(Role.VIEWER)
    public void stream(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId, @Context SseEventSink sink,
                       @Context Sse sse) {
        StreamPosition from = StreamPosition.parse(lastEventId);
        invocations.find(id).orElseThrow(() -> ProblemException.notFound("invocation '" + id + "'"));
        feeds.start(new InvocationTail(id, from, invocations, answers), sink, sse, STREAM_POLL);
    }

    /** 202: a waiting invocation is cancelled at once; a running one stops at its next step boundary. */
    @POST
    @Path("{id}/cancel")
    @Allowed(Role.OPERATOR)
    @APIResponse(responseCode = "202", description = "The invocation: cancelled, or cancel requested for a running one",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InvocationView.class)))
    public Response cancel(@PathParam("id") String id) {
        cancellation.cancel(id, "cancelled by " + Caller.source(security));
        Invocation invocation = invocations.find(id).orElseThrow();
        return Response.accepted(InvocationView.summary(invocation)).build();
    }

    @GET
    @Path("{id}")
    @Allowed(Role.VIEWER)
    public InvocationView get(@PathParam("id") String id, @QueryParam("wait") String wait) {
        Duration waitFor = EndWait.parse(wait);
        if (!waitFor.isZero()) {
            endWait.untilEnded(id, waitFor);
        }
        Invocation invocation = invocations.find(id).orElseThrow(() -> ProblemException.notFound("invocation '" + id + "'"));
        return InvocationView.of(invocation, invocations.journalOf(id));
    }
}

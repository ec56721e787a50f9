package io.castellan.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.access.Allowed;
import io.castellan.access.Caller;
import io.castellan.access.Role;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.Invocations;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.invocation.wait.Answers;
import io.castellan.invocation.wait.EndWait;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import io.castellan.tool.ToolException;
import io.castellan.tool.ToolSchemas;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /processes/{name}/ask}: an operator asks a process a question. The process runs an
 * invocation of kind {@code ask} (as for {@code ask_agent}, from {@code api:<token>}); its reply is
 * the answer, checked against {@code schema} when one is given. Within {@code timeout} (at most
 * 60 s, the request held meanwhile as {@code ?wait=} holds it) the answer comes back at once;
 * otherwise 202 with the invocation, whose reply {@code GET /invocations/{id}} gives later.
 */
@Path("processes/{name}/ask")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessAskResource {

    static final Duration LONGEST = Duration.ofSeconds(60);

    /** The answer (or why there is none usable) of an ended ask. */
    public record AnswerView(String invocation, String process, String status, JsonNode answer, String error) {
    }

    @Inject
    private Processes processes;

    @Inject
    private TriggerIntake intake;

    @Inject
    private Invocations invocations;

    @Inject
    private EndWait endWait;

    @Context
    private SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response ask(@PathParam("name") String name, JsonNode body, @Context UriInfo uri) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object: {question, schema?, timeout?}");
        }
        JsonNode question = body.get("question");
        if (!Messages.isQuestion(question)) {
            throw ProblemException.invalid("question", "is required: " + Messages.QUESTION_SHAPE);
        }
        JsonNode schema = body.hasNonNull("schema") ? body.get("schema") : null;
        if (schema != null) {
            ToolSchemas.schemaProblem(schema).ifPresent(problem -> {
                throw ProblemException.invalid("schema", problem);
            });
        }
        Duration timeout = timeout(body.get("timeout"));
        processes.require(name);
        String askId = UUID.randomUUID().toString();
        ObjectNode payload = Json.object().put("from", Caller.source(security)).put("question", question.asText());
        if (schema != null) {
            payload.set("schema", schema);
        }
        Invocation accepted = intake.accept(name, TriggerKind.ASK, askId, payload, "ask:" + askId).invocation();
        if (endWait.untilEnded(accepted.id(), timeout)) {
            Invocation ended = invocations.find(accepted.id()).orElseThrow();
            JsonNode outcome = Answers.outcome(ended);
            return Response.ok(new AnswerView(ended.id(), name, ended.status().name(), outcome.get("answer"),
                    outcome.path("error").asText(null))).build();
        }
        return Response.accepted(Map.of("id", accepted.id(), "status", invocations.statusOf(accepted.id()).name()))
                .location(uri.getBaseUriBuilder().path("invocations").path(accepted.id()).build()).build();
    }

    private static Duration timeout(JsonNode value) {
        if (value == null || value.isNull()) {
            return Duration.ofSeconds(30);
        }
        Duration timeout;
        try {
            timeout = AskAgentTool.timeout(value);
        } catch (ToolException e) {
            throw ProblemException.invalid("timeout", "must be a duration such as 10s or 1m");
        }
        if (timeout.compareTo(LONGEST) > 0) {
            throw ProblemException.invalid("timeout", "may be at most 60s: the request waits that long; later, GET the invocation it returns");
        }
        return timeout;
    }
}

package io.castellan.trigger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.TriggerSpec;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /hooks/<process>/<path>}: no API token, but an HMAC signature made with the key the
 * manifest names, in the scheme of its sender ({@link WebhookSenders}). A delivery id seen before
 * returns the invocation it made the first time.
 */
@Path("{name}/{path: .+}")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    @Inject
    private Processes processes;

    @Inject
    private TriggerIntake intake;

    @POST
    public Response receive(@PathParam("name") String name, @PathParam("path") String path, @Context HttpHeaders headers,
                            InputStream body) throws IOException {
        // at most 1 MiB: BodyLimit (registered for /hooks too) refuses more with a 413 while this reads
        byte[] raw = body == null ? new byte[0] : body.readAllBytes();
        AgentProcess process = processes.require(name);
        Manifest manifest = processes.manifest(name, process.version());
        TriggerSpec.Webhook hook = manifest.webhooks().stream().filter(w -> w.path().equals("/" + path)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("webhook /" + path + " of process '" + name + "'"));
        String key = System.getenv(hook.secretVariable());
        if (key == null) {
            throw new ProblemException(503, "Webhook not configured", "The server has no value for the webhook's secret");
        }
        JsonNode payload = payload(raw);
        String delivery = WebhookSenders.verify(hook.scheme(), key, headers, raw, payload, Instant.now());
        Invocation invocation = intake.accept(name, TriggerKind.WEBHOOK, hook.path(), payload,
                delivery == null ? null : "delivery:" + delivery).invocation();
        return Response.accepted(Map.of("id", invocation.id(), "status", invocation.status().name())).build();
    }

    /** A JSON object body is the payload as it is; any other body arrives as {@code {"body": text}}. */
    private static JsonNode payload(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (JacksonException e) {
            // not JSON: fall through
        }
        return Json.object().put("body", text);
    }
}

package io.castellan.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.FieldError;
import io.castellan.platform.Json;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import io.castellan.tool.ToolSchemas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * {@code publish_event {topic, payload}}: publishes an event on the bus, with this process as its
 * publisher. It runs inside the transaction that records the tool's result, so a step retried
 * after a crash never publishes twice; the broker routes the event once that commits.
 */
@ApplicationScoped
public class PublishEventTool implements Tool {

    @Inject
    private Events events;

    @Override
    public String name() {
        return "publish_event";
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Publishes an event on a topic (words joined by dots, such as pipeline.ingest.done); every process"
                        + " subscribed to a matching pattern is woken with it once.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("topic", "dot-separated words of A-Z, a-z, 0-9, '_' and '-', at most 255 characters")
                        .addProperty("payload", ToolSchemas.anyValue("the event's content: any JSON value, at most 256 KiB"))
                        .required("topic")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String topic = args.path("topic").asText(null);
        JsonNode payload = args.hasNonNull("payload") ? args.get("payload") : Json.object();
        Optional<FieldError> problem = Events.problem(topic, payload);
        if (problem.isPresent()) {
            throw new ToolException(problem.get().field() + " " + problem.get().reason());
        }
        BusEvent event = events.publish(topic, payload, context.process());
        return Json.object().put("event_id", event.id()).put("topic", event.topic());
    }
}

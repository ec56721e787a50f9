package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code wait {seconds: N}} or {@code wait {until: <ISO time>}}: the invocation sleeps durably,
 * holding no thread, and goes on after the time, across restarts. At most {@link #LONGEST}; a time
 * already past goes on at once.
 */
@ApplicationScoped
public class WaitTool implements Tool {

    public static final Duration LONGEST = Duration.ofDays(30);

    @Override
    public String name() {
        return "wait";
    }

    @Override
    public boolean suspends() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Pauses this invocation durably and goes on after the time (at most 30 days), even across a"
                        + " server restart. Give either seconds or until.")
                .parameters(JsonObjectSchema.builder()
                        .addNumberProperty("seconds", "how long to wait, in seconds (0 to " + LONGEST.toSeconds() + ")")
                        .addStringProperty("until", "when to go on: an ISO-8601 time with an offset, e.g. 2026-12-01T09:00:00Z")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        return Json.object().put("until", until(args, Instant.now()).toString());
    }

    /** When the wait ends, from the arguments. */
    static Instant until(JsonNode args, Instant now) {
        boolean seconds = args.hasNonNull("seconds");
        boolean until = args.hasNonNull("until");
        if (seconds == until) {
            throw new ToolException("give either seconds or until, not " + (seconds ? "both" : "neither"));
        }
        Instant end;
        if (seconds) {
            JsonNode value = args.get("seconds");
            if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > LONGEST.toSeconds()) {
                throw new ToolException("seconds must be a number from 0 to " + LONGEST.toSeconds() + " (30 days)");
            }
            end = now.plusMillis(Math.round(value.asDouble() * 1000));
        } else {
            try {
                end = OffsetDateTime.parse(args.get("until").asText()).toInstant();
            } catch (DateTimeParseException e) {
                throw new ToolException("until must be an ISO-8601 time with an offset, such as 2026-12-01T09:00:00Z");
            }
            if (end.isAfter(now.plus(LONGEST))) {
                throw new ToolException("until must be at most 30 days ahead");
            }
        }
        // milliseconds: what every database keeps of a time, so the journal and the wait row agree
        return (end.isBefore(now) ? now : end).truncatedTo(ChronoUnit.MILLIS);
    }
}

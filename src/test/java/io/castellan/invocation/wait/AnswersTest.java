package io.castellan.invocation.wait;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.TriggerKind;
import io.castellan.platform.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What an asker's step gets from the invocation it asked, by how that one ended. */
class AnswersTest {

    private static final String SCHEMA = "{\"type\": \"object\", \"required\": [\"n\"], \"properties\": {\"n\": {\"type\": \"integer\"}}}";

    private static Invocation asked(String schema) {
        String payload = "{\"from\": \"asker\", \"question\": \"q\"" + (schema == null ? "" : ", \"schema\": " + schema) + "}";
        return new Invocation("asked-1", "counter", TriggerKind.ASK, "ask-1", Json.read(payload), "ask:ask-1", Instant.now());
    }

    private static JsonNode answered(String schema, String reply) {
        Invocation asked = asked(schema);
        asked.complete(reply, Instant.now());
        return Answers.outcome(asked);
    }

    @Test
    void withoutASchemaTheReplyIsTheAnswerAsText() {
        JsonNode outcome = answered(null, "{\"n\": 1} or so");
        assertThat(outcome.path("answer").asText()).isEqualTo("{\"n\": 1} or so");
        assertThat(outcome.path("from").asText()).isEqualTo("counter");
        assertThat(outcome.path("invocation").asText()).isEqualTo("asked-1");
    }

    @Test
    void withASchemaTheAnswerIsJsonThatMatchesIt() {
        assertThat(answered(SCHEMA, "{\"n\": 42}").path("answer").path("n").asInt()).isEqualTo(42);
        assertThat(answered(SCHEMA, "about forty").path("error").asText()).contains("is not JSON");
        assertThat(answered(SCHEMA, "").path("error").asText()).contains("is not JSON");
        assertThat(answered(SCHEMA, "{\"n\": \"forty\"}").path("error").asText()).contains("does not match the schema").contains("integer");
        assertThat(answered(SCHEMA, "{}").path("error").asText()).contains("does not match the schema").contains("n");
    }

    @Test
    void anAskedInvocationThatDidNotCompleteIsAnError() {
        Invocation failed = asked(null);
        failed.fail("budget exceeded", Instant.now());
        assertThat(Answers.outcome(failed).path("error").asText()).isEqualTo("'counter' failed before it answered: budget exceeded");
        Invocation cancelled = asked(null);
        cancelled.cancel("cancelled by api:ops", Instant.now());
        assertThat(Answers.outcome(cancelled).path("error").asText()).isEqualTo("'counter' was cancelled before it answered");
    }
}

package io.castellan.invocation.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;
import org.junit.jupiter.api.Test;

class RecallStepsTest {

    private static ObjectNode trigger(String payloadJson) {
        ObjectNode trigger = Json.object().put("kind", "api");
        trigger.set("payload", Json.read(payloadJson));
        return trigger;
    }

    @Test
    void theQueryIsThePayloadsWords() {
        assertThat(RecallSteps.query(trigger("\"why did it fail?\""))).isEqualTo("why did it fail?");
        assertThat(RecallSteps.query(trigger("{\"question\": \"why?\", \"context\": {\"env\": \"prod\", \"ids\": [1, 2]}, \"none\": null}")))
                .isEqualTo("question: why?\nenv: prod\nids: 1\nids: 2");
        assertThat(RecallSteps.query(trigger("{}"))).isEqualTo("api");
        assertThat(RecallSteps.query(trigger("\"\\u0000\\u0007\""))).as("control characters only").isEqualTo("api");
        assertThat(RecallSteps.query(trigger("\"" + "x".repeat(5000) + "\""))).hasSize(RecallSteps.MAX_QUERY_CHARS);
    }
}

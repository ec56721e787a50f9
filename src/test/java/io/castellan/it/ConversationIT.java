package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static io.castellan.it.ProviderAnswers.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.it.ProviderStub.Protocol;
import io.castellan.it.ProviderStub.Request;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A process's conversation: remembered across invocations, and compacted when it outgrows its budget. */
class ConversationIT {

    /** About 500 estimated tokens: one such trigger fits a 1,000-token budget, two do not. */
    static final String BULK = "x".repeat(2000);

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    static String manifest(String name, String context) {
        return """
                name: %s
                model: openai:gpt-5-mini
                instructions: Remember what you were told.
                model_options: {base_url: '%s', api_key: '${IT_MODEL_KEY}'}
                %s
                """.formatted(name, Protocol.OPENAI.baseUrl(stub, name), context);
    }

    static String payload(String marker) {
        return "{\"marker\":\"" + marker + "\",\"bulk\":\"" + BULK + "\"}";
    }

    @Test
    void remembersEarlierInvocations() {
        String name = uniqueName("conv-memory");
        stub.enqueue(name, text(Protocol.OPENAI, "Noted the first."), text(Protocol.OPENAI, "Noted the second."));
        deploy(manifest(name, ""));

        awaitEnded(invoke(name, "{\"marker\":\"first-alert\"}"));
        awaitEnded(invoke(name, "{\"marker\":\"second-alert\"}"));

        JsonNode messages = stub.requests(name).get(1).body().path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).path("content").asText()).contains("first-alert");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("Noted the first.");
        assertThat(messages.get(3).path("content").asText()).contains("second-alert");
    }

    @Test
    void summarisesOlderTurnsWithTheModel() {
        String name = uniqueName("conv-summary");
        stub.enqueue(name, text(Protocol.OPENAI, "Noted the first."), text(Protocol.OPENAI, "SUMMARY: first-alert was seen"),
                text(Protocol.OPENAI, "Noted the second."));
        deploy(manifest(name, "context: {max_tokens: 1000, compaction: summarize}"));

        awaitEnded(invoke(name, payload("first-alert")));
        JsonPath second = awaitEnded(invoke(name, payload("second-alert")));

        assertThat(second.getString("status")).isEqualTo("COMPLETED");
        List<Request> sent = stub.requests(name);
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1).body().path("messages").get(0).path("content").asText()).contains("compress the conversation history");
        assertThat(sent.get(1).body().path("messages").get(1).path("content").asText()).contains("first-alert");
        JsonNode prompt = sent.get(2).body().path("messages");
        assertThat(prompt.get(0).path("content").asText()).contains("SUMMARY: first-alert was seen");
        assertThat(prompt.toString()).doesNotContain("Noted the first.");
        List<Map<String, Object>> compacted = ModelProvidersIT.journal(name, second.getString("id"), "CONVERSATION_COMPACTED");
        assertThat(compacted).hasSize(1);
        assertThat(compacted.get(0).toString()).contains("mode=summarize", "compacted_turns=2", "SUMMARY: first-alert was seen");
        assertThat(admin().get("/processes/{name}/usage", name).then().extract().jsonPath().getInt("total.model_calls")).isEqualTo(3);
    }

    @Test
    void dropsOlderTurnsWhenCompactionTruncates() {
        String name = uniqueName("conv-truncate");
        stub.enqueue(name, text(Protocol.OPENAI, "Noted the first."), text(Protocol.OPENAI, "Noted the second."));
        deploy(manifest(name, "context: {max_tokens: 1000, compaction: truncate}"));

        awaitEnded(invoke(name, payload("first-alert")));
        JsonPath second = awaitEnded(invoke(name, payload("second-alert")));

        assertThat(second.getString("status")).isEqualTo("COMPLETED");
        List<Request> sent = stub.requests(name);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).body().path("messages").toString()).doesNotContain("first-alert").contains("second-alert");
        assertThat(ModelProvidersIT.journal(name, second.getString("id"), "CONVERSATION_COMPACTED").get(0).toString())
                .contains("mode=truncate", "compacted_turns=2");
    }
}

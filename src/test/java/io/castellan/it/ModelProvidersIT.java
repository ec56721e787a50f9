package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static io.castellan.it.ProviderAnswers.text;
import static io.castellan.it.ProviderAnswers.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.it.ProviderAnswers.Call;
import io.castellan.it.ProviderStub.Answer;
import io.castellan.it.ProviderStub.Protocol;
import io.castellan.it.ProviderStub.Request;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agents on each real provider protocol, pointed at a stub that speaks it: the agent loop, what
 * Castellan sends, tokens and cost ({@link ModelFailuresIT}: retries and failures).
 */
class ModelProvidersIT {

    static final String KEY_VARIABLE = "IT_MODEL_KEY";
    static final String KEY = "sk-it-model-key-5d1e0c9a";

    /** Each recorded answer's cost at the built-in prices (USD per million tokens), worked out by hand. */
    static final Map<Protocol, BigDecimal> COST_PER_CALL = Map.of(
            // gpt-5-mini: 200 uncached x 0.25 + 1,000 cached x 0.025 + 300 out x 2.00
            Protocol.OPENAI, new BigDecimal("0.000675"),
            // claude-sonnet-4-5: 200 x 3.00 + 1,000 cache reads x 0.30 + 100 cache writes x 3.75 + 300 x 15.00
            Protocol.ANTHROPIC, new BigDecimal("0.005775"),
            // a local model costs nothing
            Protocol.OLLAMA, BigDecimal.ZERO);

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    private static String manifest(Protocol protocol, String name, String extra) {
        return manifest(stub, protocol, name, extra);
    }

    /** An agent on {@code protocol} that keeps count in its state, its model the queue {@code name} of {@code provider}. */
    static String manifest(ProviderStub provider, Protocol protocol, String name, String extra) {
        String key = protocol == Protocol.OLLAMA ? "" : "\n  api_key: ${" + KEY_VARIABLE + "}";
        return """
                name: %s
                model: %s
                instructions: Keep count of the alerts you see.
                model_options:
                  base_url: %s%s
                  max_retries: 2
                tools: [state_get, state_set]
                %s
                """.formatted(name, protocol.model, protocol.baseUrl(provider, name), key, extra);
    }

    /** Each protocol streamed (the default: each provider's streaming protocol) and whole ({@code stream: false}). */
    static Stream<Arguments> protocolsAndStreaming() {
        return Stream.of(Protocol.values()).flatMap(p -> Stream.of(Arguments.of(p, true), Arguments.of(p, false)));
    }

    @ParameterizedTest(name = "{0}, streamed: {1}")
    @MethodSource("protocolsAndStreaming")
    void runsAMultiStepToolUsingInvocation(Protocol protocol, boolean streamed) {
        String name = uniqueName("llm-" + protocol.name().toLowerCase());
        stub.enqueue(name,
                toolCalls(protocol, new Call("call_1", "state_set", "{\"key\":\"alerts\",\"value\":1}"),
                        new Call("call_2", "state_get", "{\"key\":\"alerts\"}")),
                text(protocol, "Counted one alert."));
        deploy(manifest(protocol, name, "").replace("  max_retries: 2", "  max_retries: 2\n  stream: " + streamed));

        String id = invoke(name, "{\"alert\":\"disk full\"}");
        JsonPath done = awaitEnded(id);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("Counted one alert.");
        admin().get("/processes/{name}/state/alerts", name).then().statusCode(200);
        List<Request> sent = stub.requests(name);
        assertThat(sent).hasSize(2).allSatisfy(r -> assertThat(r.path()).isEqualTo(protocol.path));
        assertWhatWasSent(protocol, sent.get(0), sent.get(1));
        assertThat(sent).allSatisfy(r -> assertThat(r.body().path("stream").asBoolean(false)).as("asked for a stream").isEqualTo(streamed));

        List<JsonNode> responses = exactJournal(name, id, "MODEL_RESPONSE");
        assertThat(responses).hasSize(2);
        BigDecimal expected = BigDecimal.ZERO;
        for (JsonNode entry : responses) {
            JsonNode usage = entry.path("data").path("response").path("usage");
            assertThat(usage.path("model").asText()).isEqualTo(protocol.model);
            assertThat(usage.path("output_tokens").asLong()).isEqualTo(300);
            assertThat(usage.path("cost_usd").decimalValue()).isEqualByComparingTo(COST_PER_CALL.get(protocol));
            expected = expected.add(COST_PER_CALL.get(protocol));
        }
        JsonNode usage = exact(admin().get("/processes/{name}/usage", name).then().statusCode(200).extract().asString());
        assertThat(usage.path("total").path("model_calls").asInt()).isEqualTo(2);
        assertThat(usage.path("total").path("output_tokens").asLong()).isEqualTo(600);
        assertThat(usage.path("total").path("cost_usd").decimalValue()).isEqualByComparingTo(expected);
        assertThat(usage.path("days").get(0).path("model").asText()).isEqualTo(protocol.model);
    }

    /** The key went to the provider as its protocol wants; instructions, trigger, tools and results reached the model. */
    private static void assertWhatWasSent(Protocol protocol, Request first, Request second) {
        String firstBody = first.body().toString();
        assertThat(firstBody).contains("Keep count of the alerts you see.").contains("disk full");
        switch (protocol) {
            case OPENAI -> {
                assertThat(first.header("Authorization")).isEqualTo("Bearer " + KEY);
                assertThat(first.body().path("model").asText()).isEqualTo("gpt-5-mini");
                JsonNode stateSet = find(first.body().path("tools"), t -> t.path("function").path("name").asText().equals("state_set"));
                assertThat(stateSet.path("function").path("parameters").path("required").toString()).contains("key", "value");
                JsonNode messages = second.body().path("messages");
                assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
                List<String> answered = new ArrayList<>();
                messages.forEach(m -> {
                    if (m.path("role").asText().equals("tool")) {
                        answered.add(m.path("tool_call_id").asText());
                    }
                });
                assertThat(answered).containsExactly("call_1", "call_2");
            }
            case ANTHROPIC -> {
                assertThat(first.header("x-api-key")).isEqualTo(KEY);
                assertThat(first.body().path("system").toString()).contains("Keep count of the alerts you see.");
                JsonNode stateSet = find(first.body().path("tools"), t -> t.path("name").asText().equals("state_set"));
                assertThat(stateSet.path("input_schema").path("required").toString()).contains("key", "value");
                List<String> answered = new ArrayList<>();
                second.body().path("messages").forEach(m -> m.path("content").forEach(c -> {
                    if (c.path("type").asText().equals("tool_result")) {
                        answered.add(c.path("tool_use_id").asText());
                    }
                }));
                assertThat(answered).containsExactly("call_1", "call_2");
            }
            case OLLAMA -> {
                assertThat(first.body().path("model").asText()).isEqualTo("llama3.2");
                JsonNode stateSet = find(first.body().path("tools"), t -> t.path("function").path("name").asText().equals("state_set"));
                assertThat(stateSet.path("function").path("parameters").path("properties").has("key")).isTrue();
                List<String> results = new ArrayList<>();
                second.body().path("messages").forEach(m -> {
                    if (m.path("role").asText().equals("tool")) {
                        results.add(m.path("content").asText());
                    }
                });
                assertThat(results).hasSize(2);
                assertThat(results.get(1)).contains("\"value\":1");
            }
        }
    }

    @Test
    void tellsTheModelOfAnUnknownToolAndOfArgumentsThatBreakTheSchema() {
        String name = uniqueName("llm-badcall");
        stub.enqueue(name,
                toolCalls(Protocol.OPENAI, new Call("c1", "delete_everything", "{}"), new Call("c2", "state_set", "{\"value\":3}")),
                text(Protocol.OPENAI, "I could not do it."));
        deploy(manifest(Protocol.OPENAI, name, "checkpoint_every: 1"));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        List<Map<String, Object>> errors = journal(name, done.getString("id"), "TOOL_ERROR");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).toString()).contains("'delete_everything' is not available");
        assertThat(errors.get(1).toString()).contains("do not match the tool's schema").contains("key");
        String followUp = stub.requests(name).get(1).body().path("messages").toString();
        assertThat(followUp).contains("is not available to this process").contains("do not match the tool's schema");
        admin().get("/processes/{name}/state/value", name).then().statusCode(404);
        JsonNode checkpoint = exactJournal(name, done.getString("id"), "CHECKPOINT").get(0).path("data");
        assertThat(checkpoint.path("turn").asInt()).isEqualTo(1);
        assertThat(checkpoint.path("step").asInt()).isEqualTo(2);
        assertThat(checkpoint.path("messages").asText()).as("the conversation so far, to resume from")
                .contains("Keep count of the alerts you see.", "is not available to this process");
    }

    @Test
    void neverShowsTheApiKey() throws java.io.IOException {
        String name = uniqueName("llm-secret");
        stub.enqueue(name, new Answer(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}", Map.of(), 0));
        deploy(manifest(Protocol.OPENAI, name, ""));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(stub.requests(name).get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).contains("HTTP 401", "[redacted]").doesNotContain(KEY);
        for (String path : List.of("/processes/{name}", "/processes/{name}/journal", "/processes/{name}/invocations",
                "/processes/{name}/usage")) {
            assertThat(admin().get(path, name).then().statusCode(200).extract().asString()).as(path)
                    .isNotBlank().doesNotContain(KEY);
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(ServerLogs.DIR)) {
            List<java.nio.file.Path> all = files.filter(java.nio.file.Files::isRegularFile).toList();
            assertThat(all).isNotEmpty();
            for (java.nio.file.Path file : all) {
                assertThat(new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain(KEY);
            }
        }
    }

    static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode item : array) {
            if (test.test(item)) {
                return item;
            }
        }
        throw new AssertionError("not found in " + array);
    }

    /** Journal entries read with exact decimals. */
    static List<JsonNode> exactJournal(String process, String invocation, String type) {
        JsonNode page = exact(admin().queryParam("limit", 1000).get("/processes/{name}/journal", process).then().statusCode(200)
                .extract().asString());
        List<JsonNode> found = new ArrayList<>();
        page.path("items").forEach(e -> {
            if (e.path("invocationId").asText().equals(invocation) && e.path("type").asText().equals(type)) {
                found.add(e);
            }
        });
        return found;
    }

    static JsonNode exact(String json) {
        try {
            return ProviderStub.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> journal(String process, String invocation, String type) {
        return admin().queryParam("limit", 1000).get("/processes/{name}/journal", process).then().statusCode(200).extract()
                .jsonPath().getList("items.findAll { it.invocationId == '" + invocation + "' && it.type == '" + type + "' }");
    }
}

package io.castellan.bench;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.castellan.it.ProviderAnswers;
import io.castellan.it.ProviderStub;
import io.castellan.it.ProviderStub.Protocol;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Castellan's overhead per model step, not a test: agents on the OpenAI protocol, pointed at the
 * local stub, each answer a plain reply. For every invocation it takes the invocation's time
 * (started to finished) minus the stub's own time for that answer, and prints p50 and p99; then
 * makes the same call directly with LangChain4j's OpenAI client for comparison. Run with
 * {@code mvn verify -Pbench} (-Dbench.steps, -Dbench.agents to change the load).
 */
class ModelStepBenchmark {

    private static final int STEPS = Integer.getInteger("bench.steps", 1000);
    private static final int AGENTS = Integer.getInteger("bench.agents", 4);

    @Test
    void measure() {
        try (ProviderStub stub = new ProviderStub()) {
            List<String> agents = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                String name = uniqueName("stepbench");
                stub.enqueue(name, ProviderAnswers.texts(Protocol.OPENAI, "ok", STEPS / AGENTS));
                deploy("""
                        name: %s
                        model: openai:gpt-5-mini
                        model_options: {base_url: '%s', api_key: '${IT_MODEL_KEY}'}
                        """.formatted(name, Protocol.OPENAI.baseUrl(stub, name)));
                agents.add(name);
            }
            Instant start = Instant.now();
            for (int n = 0; n < STEPS / AGENTS; n++) {
                for (String agent : agents) {
                    admin().contentType(ContentType.JSON).body(Map.of("n", n)).post("/processes/{name}/invocations", agent)
                            .then().statusCode(202);
                }
            }
            int total = (STEPS / AGENTS) * AGENTS;
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> agents.stream().mapToInt(ModelStepBenchmark::completed).sum() == total);
            Duration wall = Duration.between(start, Instant.now());

            List<Long> overheadMicros = new ArrayList<>();
            for (String agent : agents) {
                List<Long> stubNanos = stub.handlingNanos(agent);
                List<Map<String, Object>> invocations = invocations(agent);
                assertThat(invocations).hasSize(stubNanos.size());
                for (int i = 0; i < invocations.size(); i++) {
                    Map<String, Object> inv = invocations.get(i);
                    long micros = Duration.between(Instant.parse((String) inv.get("started_at")), Instant.parse((String) inv.get("finished_at")))
                            .toNanos() / 1000;
                    overheadMicros.add(micros - stubNanos.get(i) / 1000);
                }
            }

            List<Long> directDefault = direct(stub, total, java.net.http.HttpClient.newBuilder());
            List<Long> directHttp11 = direct(stub, total, java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1));

            System.out.printf("%n=== Castellan model-step overhead: %d model steps on %d agents (OpenAI protocol, local stub) ===%n", total, AGENTS);
            System.out.printf("Wall time, first trigger to last completion : %.1f s (%.1f steps/s)%n", wall.toMillis() / 1000.0,
                    total * 1000.0 / wall.toMillis());
            print("Castellan: invocation time - stub time", overheadMicros);
            System.out.println("The same call made directly (call time - stub time):");
            print("LangChain4j OpenAI client, default JDK transport", directDefault);
            print("LangChain4j OpenAI client, JDK transport on HTTP/1.1", directHttp11);
            System.out.println("(per step: begin, MODEL_REQUEST, the call, MODEL_RESPONSE + usage row, completion, each its own transaction)");
        }
    }

    /** The same call made directly with LangChain4j's OpenAI client: call time minus the stub's time, in microseconds. */
    private static List<Long> direct(ProviderStub stub, int calls, java.net.http.HttpClient.Builder transport) {
        String key = uniqueName("direct");
        stub.enqueue(key, ProviderAnswers.texts(Protocol.OPENAI, "ok", calls));
        ChatModel client = OpenAiChatModel.builder().baseUrl(Protocol.OPENAI.baseUrl(stub, key)).apiKey("bench").modelName("gpt-5-mini")
                .httpClientBuilder(new JdkHttpClientBuilder().httpClientBuilder(transport)).build();
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            client.chat(SystemMessage.from("You are a benchmark."), UserMessage.from("Trigger: manual\nPayload:\n{\"n\":" + i + "}"));
            micros.add((System.nanoTime() - t0) / 1000);
        }
        List<Long> stubNanos = stub.handlingNanos(key);
        List<Long> overhead = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            overhead.add(micros.get(i) - stubNanos.get(i) / 1000);
        }
        return overhead;
    }

    private static void print(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("%-55s p50 %8.2f ms   p99 %8.2f ms   max %8.2f ms%n", what, sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static int completed(String agent) {
        return (int) invocations(agent).stream().filter(i -> "COMPLETED".equals(i.get("status"))).count();
    }

    /** The agent's invocations, oldest first. */
    private static List<Map<String, Object>> invocations(String agent) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = admin().queryParam("limit", 500);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/processes/{name}/invocations", agent).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        all.sort((a, b) -> Instant.parse((String) a.get("queued_at")).compareTo(Instant.parse((String) b.get("queued_at"))));
        return all;
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.ADMIN_TOKEN;
import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.baseUrl;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalData;
import static io.castellan.it.Castellan.uniqueName;
import static io.castellan.it.ProviderAnswers.text;
import static io.castellan.it.ProviderAnswers.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.it.ProviderAnswers.Call;
import io.castellan.it.ProviderStub.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider's answer streamed as it is written ({@code model_options.stream: true}) to the
 * invocation's live stream, which a client can leave and rejoin where it was; the journal keeps
 * each answer once, whole.
 */
class AnswerStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "The tide is in and the boats are out beyond the harbour wall";

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    /** One event of the stream. */
    record Event(String id, String name, JsonNode data) {
    }

    private static String streamingAgent(String name) {
        return """
                name: %s
                model: %s
                model_options:
                  base_url: %s
                  api_key: ${%s}
                  stream: true
                tools: [state_set]
                """.formatted(name, Protocol.OPENAI.model, Protocol.OPENAI.baseUrl(stub, name), ModelProvidersIT.KEY_VARIABLE);
    }

    @Test
    void anAnswerIsStreamedAsItIsWrittenAndJournaledOnceWhole() throws Exception {
        String name = uniqueName("streaming");
        stub.streamPause(name, 100);
        stub.enqueue(name, toolCalls(Protocol.OPENAI, new Call("call_1", "state_set", "{\"key\":\"tide\",\"value\":\"in\"}")),
                text(Protocol.OPENAI, ANSWER));
        deploy(streamingAgent(name));
        String id = invoke(name, "{\"ask\":\"the tide?\"}");

        List<Event> events = read(id, null, e -> false);
        List<String> names = events.stream().map(Event::name).toList();
        assertThat(names).contains("tool_call", "step", "answer").endsWith("end");
        assertThat(tokens(events)).as("the pieces, in order, are the answer").isEqualTo(ANSWER);
        assertThat(events.stream().filter(e -> e.name().equals("token")).count()).isGreaterThanOrEqualTo(10);
        assertThat(names.indexOf("token")).as("pieces come before the whole answer").isLessThan(names.lastIndexOf("answer"));
        Event toolCall = events.stream().filter(e -> e.name().equals("tool_call")).findFirst().orElseThrow();
        assertThat(toolCall.data().path("tool").asText()).isEqualTo("state_set");
        Event end = events.get(events.size() - 1);
        assertThat(end.data().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(end.data().path("reply").asText()).isEqualTo(ANSWER);

        assertThat(awaitEnded(id).getString("reply")).isEqualTo(ANSWER);
        List<Map<String, Object>> responses = journalData(name, "MODEL_RESPONSE");
        assertThat(responses).hasSize(2);
        assertThat(responses.get(1).toString()).contains(ANSWER);
        // the usage came in the stream's last chunk, and was billed as a plain answer's is
        assertThat(admin().get("/invocations/{id}", id).then().extract().<Integer>path("model_calls[1].usage.input_tokens")).isEqualTo(1200);
    }

    @Test
    void aClientThatLeavesAndComesBackWithLastEventIdMissesNothingAndSeesNothingTwice() throws Exception {
        String name = uniqueName("streaming-rejoin");
        stub.streamPause(name, 150);
        stub.enqueue(name, text(Protocol.OPENAI, ANSWER));
        deploy(streamingAgent(name));
        String id = invoke(name, "{}");

        List<Event> first = read(id, null, e -> e.name().equals("token") && e.data().path("text").asText().startsWith("in"));
        String last = first.get(first.size() - 1).id();
        List<Event> rest = read(id, last, e -> false);
        List<Event> all = new ArrayList<>(first);
        all.addAll(rest);
        assertThat(tokens(all)).isEqualTo(ANSWER);
        assertThat(rest.get(rest.size() - 1).name()).isEqualTo("end");
        assertThat(all.stream().filter(e -> e.name().equals("end")).count()).isEqualTo(1);
    }

    @Test
    void aStreamOfNoInvocationOrFromAForeignPositionIsRefused() {
        admin().get("/invocations/{id}/stream", "no-such-invocation").then().statusCode(404).contentType("application/problem+json");
        String name = uniqueName("streaming-refused");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: done}]\n".formatted(name));
        String id = invoke(name, "{}");
        admin().header("Last-Event-ID", "yesterday").get("/invocations/{id}/stream", id).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("Last-Event-ID"))
                .body("errors[0].reason", containsString("id of an event this stream sent"));
    }

    private static String tokens(List<Event> events) {
        return events.stream().filter(e -> e.name().equals("token")).map(e -> e.data().path("text").asText()).collect(Collectors.joining());
    }

    /** The stream's events from the start or after {@code lastEventId}, until it ends or {@code until} says to leave. */
    private static List<Event> read(String invocationId, String lastEventId, Predicate<Event> until) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/invocations/" + invocationId + "/stream"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Accept", "text/event-stream")
                .timeout(java.time.Duration.ofSeconds(60));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Event> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    Event event = new Event(id, name, JSON.readTree(line.substring(5).trim()));
                    events.add(event);
                    if (until.test(event)) {
                        return events;
                    }
                }
            }
        }
        return events;
    }
}

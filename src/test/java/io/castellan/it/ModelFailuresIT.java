package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static io.castellan.it.ModelProvidersIT.journal;
import static io.castellan.it.ProviderAnswers.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.castellan.it.ProviderStub.Answer;
import io.castellan.it.ProviderStub.Protocol;
import io.castellan.it.ProviderStub.Request;
import io.restassured.path.json.JsonPath;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a model's failures do to an invocation: retried (a rate limit after the wait it asked for,
 * a server error), or the invocation failed with the reason in words (retries run out, no answer
 * in time, a stream that falls silent, an answer that cannot be read, an address nothing answers on).
 */
class ModelFailuresIT {

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    private static String manifest(Protocol protocol, String name, String extra) {
        return ModelProvidersIT.manifest(stub, protocol, name, extra);
    }

    @Test
    void retriesARateLimitAfterTheWaitItAskedFor() {
        String name = uniqueName("llm-429");
        stub.enqueue(name, new Answer(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "2"), 0),
                text(Protocol.OPENAI, "done"));
        deploy(manifest(Protocol.OPENAI, name, ""));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        List<Request> sent = stub.requests(name);
        assertThat(sent).hasSize(2);
        assertThat(Duration.between(sent.get(0).at(), sent.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(journal(name, done.getString("id"), "MODEL_RESPONSE").get(0).toString()).contains("attempts=2");
    }

    @Test
    void retriesAServerErrorThenSucceeds() {
        String name = uniqueName("llm-500");
        stub.enqueue(name, new Answer(500, "{\"error\":{\"message\":\"upstream\"}}", Map.of(), 0), text(Protocol.ANTHROPIC, "done"));
        deploy(manifest(Protocol.ANTHROPIC, name, ""));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(stub.requests(name)).hasSize(2);
    }

    @Test
    void failsTheInvocationWhenRetriesRunOut() {
        String name = uniqueName("llm-503");
        Answer unavailable = new Answer(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of("Retry-After", "0"), 0);
        stub.enqueue(name, unavailable, unavailable, unavailable);
        deploy(manifest(Protocol.OPENAI, name, ""));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).contains("openai answered HTTP 503 after 3 attempts").contains("overloaded");
        assertThat(stub.requests(name)).hasSize(3);
    }

    @Test
    void failsTheStepWhenTheModelDoesNotAnswerInTime() {
        String name = uniqueName("llm-slow");
        stub.enqueue(name, new Answer(200, "{}", Map.of(), 3000));
        deploy(manifest(Protocol.OLLAMA, name, "").replace("  max_retries: 2", "  max_retries: 2\n  timeout: 500ms"));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).isEqualTo("model: ollama did not answer within 500 ms");
        assertThat(stub.requests(name)).hasSize(1);
        assertThat(journal(name, done.getString("id"), "INVOCATION_FAILED")).hasSize(1);
        admin().get("/processes/{name}", name).then().statusCode(200).body("state", equalTo("RUNNING"));
    }

    /** A stream that starts, then falls silent: the model's timeout bounds every silence, not only the wait for the start. */
    @Test
    void failsTheStepWhenAStreamStopsMidAnswer() {
        String name = uniqueName("llm-stall");
        stub.enqueue(name, text(Protocol.ANTHROPIC, "a long answer that stops after its first event"));
        stub.streamPause(name, 5_000);
        deploy(manifest(Protocol.ANTHROPIC, name, "").replace("  max_retries: 2", "  max_retries: 2\n  timeout: 500ms"));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).isEqualTo("model: anthropic stopped answering: nothing came for 500 ms");
        assertThat(stub.requests(name)).hasSize(1);
    }

    @Test
    void failsTheStepOnAMalformedAnswer() {
        String name = uniqueName("llm-garbled");
        stub.enqueue(name, new Answer(200, "{\"choices\": [{\"message\": ", Map.of(), 0));
        deploy(manifest(Protocol.OPENAI, name, ""));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).startsWith("model: openai at " + Protocol.OPENAI.baseUrl(stub, name))
                .contains("sent an answer Castellan cannot read");
    }

    /** Where it tried and why it failed, in words: not "ClosedChannelException: null". */
    @Test
    void aModelThatCannotBeReachedNamesTheAddressAndTheCause() throws Exception {
        String name = uniqueName("llm-nowhere");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        deploy("name: %s\nmodel: ollama:llama3\nmodel_options:\n  base_url: %s\n".formatted(name, url));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).isEqualTo("model: ollama could not be reached at " + url
                + ": nothing answered on that address and port (connection refused or closed)");
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static io.castellan.it.ProviderAnswers.text;
import static io.castellan.it.ProviderAnswers.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castellan.it.OtlpReceiver.Point;
import io.castellan.it.OtlpReceiver.ReceivedSpan;
import io.castellan.it.ProviderAnswers.Call;
import io.castellan.it.ProviderStub.Protocol;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traces and metrics as an operator's collector receives them: the test server exports over
 * OTLP/HTTP to a receiver in this test, and Prometheus' text format at {@code /metrics}.
 */
class TelemetryIT {

    /** The run's receiver: the server has been exporting to it since the run began. */
    static final OtlpReceiver otlp = OtlpSession.receiver();

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    @Test
    void oneInvocationIsOneTraceWithTheGenAiAttributes() {
        String name = uniqueName("traced");
        stub.enqueue(name, toolCalls(Protocol.OPENAI, new Call("call_1", "state_set", "{\"key\":\"alerts\",\"value\":1}")),
                text(Protocol.OPENAI, "Counted one alert."));
        deploy("""
                name: %s
                model: %s
                model_options:
                  base_url: %s
                  api_key: ${%s}
                tools: [state_get, state_set]
                """.formatted(name, Protocol.OPENAI.model, Protocol.OPENAI.baseUrl(stub, name), ModelProvidersIT.KEY_VARIABLE));
        String id = invoke(name, "{\"alert\":\"disk full\"}");
        assertThat(awaitEnded(id).getString("status")).isEqualTo("COMPLETED");

        List<ReceivedSpan> trace = awaitTrace(id, name);
        System.out.println(OtlpReceiver.tree(trace, List.of("castellan.trigger.kind", "castellan.resumed", "castellan.status",
                "gen_ai.request.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "castellan.cost_usd", "gen_ai.tool.name")));
        ReceivedSpan accept = one(trace, "accept " + name);
        ReceivedSpan run = one(trace, "invoke_agent " + name);
        List<ReceivedSpan> chats = named(trace, "chat gpt-5-mini");
        ReceivedSpan tool = one(trace, "execute_tool state_set");

        assertThat(trace).extracting(ReceivedSpan::traceId).containsOnly(accept.traceId());
        assertThat(accept.parentSpanId()).as("the accept begins the trace").isEmpty();
        assertThat(accept.kind()).isEqualTo("SPAN_KIND_PRODUCER");
        assertThat(accept.attributes()).containsEntry("castellan.process", name).containsEntry("castellan.trigger.kind", "manual")
                .containsEntry("castellan.invocation.id", id);
        assertThat(accept.service()).isEqualTo("castellan");

        assertThat(run.parentSpanId()).as("the run is the accept's child").isEqualTo(accept.spanId());
        assertThat(run.attributes()).containsEntry("gen_ai.operation.name", "invoke_agent").containsEntry("gen_ai.agent.name", name)
                .containsEntry("castellan.invocation.id", id).containsEntry("castellan.resumed", false)
                .containsEntry("castellan.status", "completed");
        // two calls at the stub's usage: 200 uncached x 0.25 + 1,000 cached x 0.025 + 300 out x 2.00 per million, each
        assertThat((Double) run.attributes().get("castellan.cost_usd")).isCloseTo(0.00135, org.assertj.core.data.Offset.offset(1e-9));

        assertThat(chats).hasSize(2).allSatisfy(chat -> {
            assertThat(chat.parentSpanId()).isEqualTo(run.spanId());
            assertThat(chat.kind()).isEqualTo("SPAN_KIND_CLIENT");
            assertThat(chat.attributes()).containsEntry("gen_ai.operation.name", "chat").containsEntry("gen_ai.provider.name", "openai")
                    .containsEntry("gen_ai.request.model", "gpt-5-mini").containsEntry("gen_ai.usage.input_tokens", 1200L)
                    .containsEntry("gen_ai.usage.output_tokens", 300L).containsEntry("castellan.process", name)
                    .doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages");
        });
        assertThat(chats).extracting(c -> c.attributes().get("gen_ai.response.finish_reasons"))
                .containsExactlyInAnyOrder(List.of("tool_calls"), List.of("stop"));

        assertThat(tool.parentSpanId()).isEqualTo(run.spanId());
        assertThat(tool.attributes()).containsEntry("gen_ai.operation.name", "execute_tool").containsEntry("gen_ai.tool.name", "state_set")
                .containsEntry("gen_ai.tool.call.id", "call_1").containsEntry("castellan.step", 0L).containsEntry("castellan.status", "ok");
    }

    @Test
    void aResumedInvocationContinuesItsTrace() {
        String name = uniqueName("traced-wait");
        deploy(WaitIT.waitingAgent(name, "{seconds: 1}"));
        String id = invoke(name, "{\"tag\":\"t\"}");
        assertThat(awaitEnded(id).getString("status")).isEqualTo("COMPLETED");

        List<ReceivedSpan> trace = awaitTrace(id, name);
        System.out.println(OtlpReceiver.tree(trace, List.of("castellan.resumed", "castellan.status", "gen_ai.tool.name", "castellan.step")));
        ReceivedSpan accept = one(trace, "accept " + name);
        List<ReceivedSpan> runs = named(trace, "invoke_agent " + name);
        assertThat(trace).extracting(ReceivedSpan::traceId).containsOnly(accept.traceId());
        assertThat(runs).hasSize(2).allSatisfy(run -> assertThat(run.parentSpanId()).isEqualTo(accept.spanId()));
        assertThat(runs).extracting(r -> r.attributes().get("castellan.resumed"), r -> r.attributes().get("castellan.status"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(false, "waiting"), org.assertj.core.groups.Tuple.tuple(true, "completed"));
        ReceivedSpan resumed = runs.stream().filter(r -> Boolean.TRUE.equals(r.attributes().get("castellan.resumed"))).findFirst().orElseThrow();
        // the wait's step as the first run left it; the resumed run takes its outcome, a step of its own
        assertThat(named(trace, "execute_tool wait")).extracting(w -> w.attributes().get("castellan.status")).contains("waiting");
        assertThat(one(trace, "execute_tool state_set").parentSpanId()).as("steps after the wait belong to the resumed run")
                .isEqualTo(resumed.spanId());
        assertThat(named(trace, "chat scripted")).hasSize(3);
    }

    @Test
    void aMessageBetweenAgentsIsOneTrace() {
        String sender = uniqueName("traced-sender");
        String receiver = uniqueName("traced-receiver");
        deploy("name: %s\nmodel: scripted\ntriggers:\n  - message: {from: [\"%s\"]}\nscript:\n  - {reply: got it}\n".formatted(receiver, sender));
        deploy("""
                name: %s
                model: scripted
                tools: [send_message]
                script:
                  - {tool: send_message, args: {to: '%s', payload: {text: hello}}}
                  - {reply: '{{steps.0.result.invocation}}'}
                """.formatted(sender, receiver));
        String sent = invoke(sender, "{}");
        String received = awaitEnded(sent).getString("reply");
        awaitEnded(received);

        ReceivedSpan send = one(awaitTrace(sent, sender), "execute_tool send_message");
        ReceivedSpan accept = one(awaitTrace(received, receiver), "accept " + receiver);
        assertThat(accept.traceId()).as("the receiver's invocation is in the sender's trace").isEqualTo(send.traceId());
        assertThat(accept.parentSpanId()).isEqualTo(send.spanId());
        assertThat(accept.attributes()).containsEntry("castellan.trigger.kind", "message");
    }

    @Test
    void aCallersTraceparentPutsTheInvocationInTheCallersTrace() {
        String name = uniqueName("traced-caller");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: done}]\n".formatted(name));
        String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
        String callerSpan = traceId.substring(0, 16);
        String id = Castellan.admin().header("traceparent", "00-" + traceId + "-" + callerSpan + "-01").contentType("application/json")
                .body("{}").post("/processes/{name}/invocations", name).then().statusCode(202).extract().path("id");
        awaitEnded(id);
        ReceivedSpan accept = one(awaitTrace(id, name), "accept " + name);
        assertThat(accept.traceId()).isEqualTo(traceId);
        assertThat(accept.parentSpanId()).isEqualTo(callerSpan);

        // a malformed one is ignored, as W3C Trace Context says: a trace of its own
        String other = Castellan.admin().header("traceparent", "00-not-a-trace-01").contentType("application/json")
                .body("{}").post("/processes/{name}/invocations", name).then().statusCode(202).extract().path("id");
        awaitEnded(other);
        assertThat(one(awaitTrace(other, name), "accept " + name).parentSpanId()).isEmpty();
    }

    @Test
    void whatAModelWasAskedIsRecordedOnlyWhenTheManifestOptsIn() {
        String name = uniqueName("traced-content");
        deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                telemetry: {record_content: true}
                script:
                  - {reply: 'seen {{trigger.payload.word}}'}
                """.formatted(name));
        String id = invoke(name, "{\"word\":\"heron\"}");
        awaitEnded(id);
        ReceivedSpan chat = one(awaitTrace(id, name), "chat scripted");
        assertThat((String) chat.attributes().get("gen_ai.input.messages")).contains("\"role\":\"user\"", "heron");
        assertThat((String) chat.attributes().get("gen_ai.output.messages")).contains("\"role\":\"assistant\"", "seen heron");
    }

    @Test
    void metricsCountAKnownWorkloadOnPrometheusAndOverOtlp() {
        String name = uniqueName("metered");
        deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                budget: {max_invocations_per_day: 4}
                script:
                  - {tool: state_set, args: {key: seen, value: '{{trigger.payload.n}}'}}
                  - {reply: done}
                """.formatted(name));
        for (int n = 0; n < 3; n++) {
            awaitEnded(invoke(name, "{\"n\":" + n + "}"));
        }
        String viewer = tokenWithRole("viewer");
        Map<String, Double> scraped = scrape(viewer, name);
        assertThat(scraped).containsEntry("castellan_invocations_started_total{castellan_trigger_kind=manual}", 3.0)
                .containsEntry("castellan_invocations_ended_total{castellan_status=completed}", 3.0)
                .containsEntry("castellan_tool_calls_total{castellan_status=ok,gen_ai_tool_name=state_set}", 3.0)
                .containsEntry("castellan_invocation_duration_seconds_count{castellan_status=completed}", 3.0)
                .containsEntry("castellan_invocation_start_delay_seconds_count{}", 3.0)
                .containsEntry("gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=chat,gen_ai_provider_name=scripted,gen_ai_request_model=scripted}", 6.0);
        // the budget day's use of its limit, 3 of 4 invocations (the gauge is read from the database every 10 s),
        // beside a process whose model has no known price: its calls have no cost, its share is 0
        String unpriced = uniqueName("metered-unpriced");
        stub.enqueue(unpriced, text(Protocol.OPENAI, "done"));
        deploy("""
                name: %s
                model: openai:a-model-without-a-price
                model_options: {base_url: '%s'}
                budget: {max_daily_cost: 1.0}
                """.formatted(unpriced, Protocol.OPENAI.baseUrl(stub, unpriced)));
        awaitEnded(invoke(unpriced, "{}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape(viewer, name).get("castellan_budget_usage{castellan_check=max_invocations_per_day}"),
                used -> used != null && used == 0.75);
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape(viewer, unpriced).get("castellan_budget_usage{castellan_check=max_daily_cost}"),
                used -> used != null && used == 0.0);

        // the same counts reach the collector: sums are cumulative, so the latest export holds them
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(otlp.points())
                .filteredOn(p -> name.equals(p.attributes().get("castellan.process")))
                .extracting(Point::metric, Point::value)
                .contains(org.assertj.core.groups.Tuple.tuple("castellan.invocations.started", 3.0),
                        org.assertj.core.groups.Tuple.tuple("castellan.invocations.ended", 3.0)));
        assertThat(otlp.contentTypes()).contains("application/x-protobuf");
    }

    @Test
    void metricsNeedAToken() {
        api(null).basePath("/metrics").get("/").then().statusCode(401).contentType("application/problem+json");
        api("not-a-token").basePath("/metrics").get("/").then().statusCode(401);
        api(tokenWithRole("viewer")).basePath("/metrics").get("/").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/plain"))
                .body(org.hamcrest.Matchers.containsString("# TYPE castellan_invocations_in_flight gauge"));
    }

    /**
     * The spans of one invocation's trace, once its accept and its completed run have arrived (a
     * run's span ends after its children, and spans are exported in the order they end).
     */
    private static List<ReceivedSpan> awaitTrace(String invocationId, String process) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<ReceivedSpan> trace = traceOf(invocationId);
            return !named(trace, "accept " + process).isEmpty() && named(trace, "invoke_agent " + process).stream()
                    .anyMatch(run -> "completed".equals(run.attributes().get("castellan.status")));
        });
        return traceOf(invocationId);
    }

    private static List<ReceivedSpan> traceOf(String invocationId) {
        Optional<String> traceId = otlp.spans().stream().filter(s -> invocationId.equals(s.attributes().get("castellan.invocation.id")))
                .map(ReceivedSpan::traceId).findFirst();
        return traceId.map(t -> otlp.spans().stream().filter(s -> s.traceId().equals(t)).toList()).orElse(List.of());
    }

    private static List<ReceivedSpan> named(List<ReceivedSpan> trace, String name) {
        return trace.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static ReceivedSpan one(List<ReceivedSpan> trace, String name) {
        List<ReceivedSpan> found = named(trace, name);
        assertThat(found).as("spans named '%s' in %s", name, trace).hasSize(1);
        return found.get(0);
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * The process's samples from {@code /metrics}, keyed by metric name and its other labels
     * (sorted, {@code le} buckets left out): {@code name{label=value,...}}.
     */
    private static Map<String, Double> scrape(String token, String process) {
        String body = api(token).basePath("/metrics").get("/").then().statusCode(200).extract().asString();
        Map<String, Double> samples = new HashMap<>();
        for (String line : body.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            Map<String, String> labels = new java.util.TreeMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            if (!process.equals(labels.remove("castellan_process")) || labels.containsKey("le")) {
                continue;
            }
            StringBuilder key = new StringBuilder(sample.group(1)).append('{');
            labels.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(k).append('=').append(v));
            samples.put(key.append('}').toString(), Double.parseDouble(sample.group(3)));
        }
        return samples;
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalData;
import static io.castellan.it.Castellan.journalTypes;
import static io.castellan.it.Castellan.process;
import static io.castellan.it.Castellan.uniqueName;
import static io.castellan.it.ProviderAnswers.text;
import static io.castellan.it.ProviderAnswers.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.it.ProviderAnswers.Call;
import io.castellan.it.ProviderStub.Protocol;
import io.castellan.platform.WebhookSignature;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The autonomy budget: each limit, warnings, on_exceeded, escalation notices and the end of the budget day. */
class BudgetIT {

    @RegisterExtension
    static final ProviderStub stub = new ProviderStub();

    static final Receiver OPS = new Receiver();

    @AfterAll
    static void stopReceiver() {
        OPS.close();
    }

    /** A scripted agent that writes state keys k0, k1, ... one step each, then replies. */
    static String writer(String name, int writes, String budget) {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < writes; i++) {
            script.append("  - {tool: state_set, args: {key: k").append(i).append(", value: ").append(i).append("}}\n");
        }
        return """
                name: %s
                model: scripted
                tools: [state_set]
                script:
                %s  - reply: done
                budget:
                %s
                """.formatted(name, script, budget.indent(2));
    }

    static String openAi(String name, String modelOptions, String budget) {
        return """
                name: %s
                model: openai:gpt-5-mini
                tools: [state_set]
                model_options:
                  base_url: %s
                  api_key: ${IT_MODEL_KEY}
                  max_output_tokens: 100
                %s
                budget:
                %s
                """.formatted(name, Protocol.OPENAI.baseUrl(stub, name), modelOptions.indent(2), budget.indent(2));
    }

    @Test
    void toolCallsPerInvocationStopBeforeTheCallThatWouldExceedThem() {
        String name = uniqueName("budget-tools");
        deploy(writer(name, 3, "max_tool_calls_per_invocation: 2"));

        String id = invoke(name, "{}");
        JsonPath done = awaitEnded(id);

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).startsWith("budget: max_tool_calls_per_invocation (2)");
        admin().get("/processes/{name}/state/k1", name).then().statusCode(200);
        admin().get("/processes/{name}/state/k2", name).then().statusCode(404);
        assertThat(journalTypes(name, id)).containsSubsequence("TOOL_RESULT", "TOOL_RESULT", "BUDGET_EXCEEDED", "INVOCATION_FAILED")
                .containsOnlyOnce("BUDGET_EXCEEDED");
        assertThat(journalData(name, "BUDGET_EXCEEDED")).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("scope", "invocation").containsEntry("limit", "max_tool_calls_per_invocation"));
        assertThat(process(name).getString("state")).as("a per-invocation limit does not stop the process").isEqualTo("RUNNING");
    }

    @Test
    void modelCallsPerInvocationStopBeforeTheCall() {
        String name = uniqueName("budget-models");
        deploy(writer(name, 2, "max_model_calls_per_invocation: 2"));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).startsWith("budget: max_model_calls_per_invocation (2)");
        admin().get("/processes/{name}/state/k1", name).then().statusCode(200);
    }

    @Test
    void tokensPerInvocationCountWhatWasUsedAndTheNextCallsWorstCase() {
        String name = uniqueName("budget-tokens");
        // each stub answer reports 1,500 tokens; the second call's worst case (its prompt and 100 answer tokens) would pass 1,600
        stub.enqueue(name, toolCalls(Protocol.OPENAI, new Call("c1", "state_set", "{\"key\":\"a\",\"value\":1}")),
                text(Protocol.OPENAI, "never asked"));
        deploy(openAi(name, "", "max_tokens_per_invocation: 1600"));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).startsWith("budget: max_tokens_per_invocation (1600)").contains("1500 tokens used");
        assertThat(stub.requests(name)).as("the call that could exceed the limit is not made").hasSize(1);
    }

    @Test
    void dailyCostRefusesACallWhoseWorstCaseWouldExceedWhatIsLeftAndPauses() {
        String name = uniqueName("budget-cost");
        // at 1,000 USD per million tokens each stub answer costs 1.50; the second call's worst case is at least 0.10 more
        stub.enqueue(name, toolCalls(Protocol.OPENAI, new Call("c1", "state_set", "{\"key\":\"a\",\"value\":1}")),
                text(Protocol.OPENAI, "never asked"));
        deploy(openAi(name, "prices: {input: 1000, output: 1000}", "max_daily_cost: 1.6"));

        String id = invoke(name, "{}");
        JsonPath done = awaitEnded(id);

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).startsWith("budget: max_daily_cost (USD 1.6)").contains("USD 1.5 spent today");
        assertThat(stub.requests(name)).hasSize(1);
        assertThat(journalData(name, "BUDGET_WARNING")).as("1.50 of 1.60 crossed the 0.8 warning threshold").singleElement()
                .satisfies(d -> assertThat(d).containsEntry("limit", "max_daily_cost"));
        JsonPath paused = process(name);
        assertThat(paused.getString("state")).isEqualTo("PAUSED");
        assertThat(paused.getString("state_reason")).isEqualTo("budget: max_daily_cost");
        JsonPath budget = admin().get("/processes/{name}/budget", name).then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(budget.getString("cost_usd.used"))).isEqualByComparingTo("1.5");
        assertThat(new BigDecimal(budget.getString("cost_usd.remaining"))).isEqualByComparingTo("0.1");
        assertThat(budget.getBoolean("cost_usd.over_warning_threshold")).isTrue();

        admin().post("/processes/{name}/resume", name).then().statusCode(200).body("state", equalTo("RUNNING"));
    }

    @Test
    void toolCostsCountAgainstTheDayAndEscalateSendsSignedNoticesUntilAccepted() throws Exception {
        String name = uniqueName("budget-escalate");
        String hook = "/fail-first/1/" + name;
        deploy(writer(name, 2, """
                max_daily_cost: 2.5
                tool_costs: {state_set: 1.00}
                on_exceeded: escalate
                escalation: {url: "%s", secret: "${IT_HOOK_SECRET}"}
                """.formatted(OPS.url(hook))));

        assertThat(awaitEnded(invoke(name, "{}")).getString("status")).as("2.00 of 2.50: a warning, no more").isEqualTo("COMPLETED");
        JsonPath second = awaitEnded(invoke(name, "{}"));

        assertThat(second.getString("status")).isEqualTo("FAILED");
        assertThat(second.getString("error")).startsWith("budget: max_daily_cost (USD 2.5)").contains("state_set costs USD 1");
        assertThat(process(name).getString("state")).isEqualTo("PAUSED");
        // the first delivery is refused with a 503 and retried with backoff
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted(hook).size() == 2);
        List<JsonNode> notices = accepted(hook);
        assertThat(notices).extracting(n -> n.get("kind").asText()).containsExactlyInAnyOrder("budget_warning", "budget_exceeded");
        assertThat(notices).allSatisfy(n -> assertThat(n.get("process").asText()).isEqualTo(name));
        List<Receiver.Request> sent = OPS.requests().stream().filter(r -> r.path().equals(hook)).toList();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> WebhookSignature.verify(Castellan.HOOK_SECRET,
                r.header("X-Castellan-Timestamp"), r.header("X-Castellan-Signature"), r.body().getBytes(StandardCharsets.UTF_8), Instant.now()));
        assertThat(sent.stream().map(r -> r.header("X-Castellan-Notice")).distinct()).as("a retry repeats its notice's id").hasSize(2);
        admin().get("/processes/{name}/state/k0", name).then().statusCode(200);
        JsonPath budget = admin().get("/processes/{name}/budget", name).then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(budget.getString("cost_usd.used"))).isEqualByComparingTo("2");
        assertThat(budget.getString("on_exceeded")).isEqualTo("escalate");
    }

    /** The notices the receiver accepted (answered 200), once each. */
    private static List<JsonNode> accepted(String hook) {
        List<Receiver.Request> sent = OPS.requests().stream().filter(r -> r.path().equals(hook)).toList();
        return sent.subList(Math.min(1, sent.size()), sent.size()).stream().map(r -> {
            try {
                return (JsonNode) ProviderStub.JSON.readTree(r.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void invocationsPerDayPauseUntilTheBudgetDayEndsThenTheWaitingTriggerRuns() {
        String name = uniqueName("budget-day");
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        String resetAt = Instant.now().plusSeconds(20).atZone(tokyo).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        deploy(writer(name, 1, """
                max_invocations_per_day: 2
                timezone: Asia/Tokyo
                reset_at: "%s"
                """.formatted(resetAt)));

        String first = invoke(name, "{}");
        String second = invoke(name, "{}");
        String third = invoke(name, "{}");
        assertThat(awaitEnded(first).getString("status")).isEqualTo("COMPLETED");
        assertThat(awaitEnded(second).getString("status")).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(15)).until(() -> "PAUSED".equals(process(name).getString("state")));
        assertThat(process(name).getString("state_reason")).isEqualTo("budget: max_invocations_per_day");
        assertThat(invocation(third).getString("status")).as("the third trigger waits, it is not lost").isEqualTo("QUEUED");
        admin().get("/processes/{name}/budget", name).then().statusCode(200)
                .body("invocations.used", equalTo(2)).body("invocations.remaining", equalTo(0));

        // the budget day ends at reset_at in Tokyo: the timer resumes the process and the waiting trigger runs
        assertThat(awaitEnded(third).getString("status")).isEqualTo("COMPLETED");
        assertThat(process(name).getString("state")).isEqualTo("RUNNING");
        assertThat(journalData(name, "BUDGET_RESET")).singleElement().satisfies(d -> assertThat(d).containsEntry("resumed", true));
    }

    @Test
    void onExceededStopStopsTheProcessAndFailsTheRefusedInvocation() {
        String name = uniqueName("budget-stop");
        deploy(writer(name, 1, "max_invocations_per_day: 1\non_exceeded: stop"));

        assertThat(awaitEnded(invoke(name, "{}")).getString("status")).isEqualTo("COMPLETED");
        JsonPath refused = awaitEnded(invoke(name, "{}"));

        assertThat(refused.getString("status")).isEqualTo("FAILED");
        assertThat(refused.getString("error")).startsWith("budget: max_invocations_per_day (1)");
        assertThat(process(name).getString("state")).isEqualTo("STOPPED");
        assertThat(process(name).getString("state_reason")).isEqualTo("budget: max_invocations_per_day");
    }

    @Test
    void theBudgetIsReadableByViewersAndShowsItsLimits() {
        String name = uniqueName("budget-view");
        deploy(writer(name, 1, """
                max_tool_calls_per_invocation: 10
                max_daily_cost: 50.0
                tool_costs: {state_set: 0.25}
                timezone: Europe/Berlin
                """));
        awaitEnded(invoke(name, "{}"));

        Castellan.api(Castellan.tokenWithRole("viewer")).get("/processes/{name}/budget", name).then().statusCode(200)
                .body("per_invocation.max_tool_calls", equalTo(10))
                .body("day.timezone", equalTo("Europe/Berlin"))
                .body("invocations.used", equalTo(1))
                .body("on_exceeded", equalTo("pause"));
        JsonPath budget = admin().get("/processes/{name}/budget", name).then().extract().jsonPath();
        assertThat(new BigDecimal(budget.getString("cost_usd.used"))).isEqualByComparingTo("0.25");
        assertThat(new BigDecimal(budget.getString("cost_usd.remaining"))).isEqualByComparingTo("49.75");
        admin().get("/processes/{name}/budget", "no-such-process").then().statusCode(404);
        Castellan.api(null).get("/processes/{name}/budget", name).then().statusCode(401);
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** An invocation's steps, journal, idempotency, tool errors and limits, against the test server. */
class InvocationIT {

    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    static String monitor(String name) {
        return """
                name: %s
                model: scripted
                script:
                  - tool: http_request
                    args: {method: POST, url: "{{trigger.payload.url}}", body: "ping"}
                  - tool: state_set
                    args: {key: last_status, value: "{{steps.0.result.status}}"}
                  - reply: "Pipeline answered {{steps.0.result.status}}"
                tools: [http_request, state_get, state_set]
                network:
                  allow: ["127.0.0.1"]
                """.formatted(name);
    }

    @Test
    void runsEveryStepAndRecordsIntentBesideExecution() {
        String name = uniqueName("monitor");
        deploy(monitor(name));

        String id = invoke(name, "{\"url\": \"" + RECEIVER.url("/pipeline") + "\"}");
        JsonPath done = awaitEnded(id);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("Pipeline answered 200");
        assertThat(done.getString("trigger.kind")).isEqualTo("manual");
        assertThat(done.getList("steps.intent.tool")).containsExactly("http_request", "state_set");
        assertThat(done.getInt("steps[0].result.status")).isEqualTo(200);
        assertThat(done.getInt("steps[1].intent.args.value")).isEqualTo(200);
        assertThat(done.getString("started_at")).isNotNull();

        assertThat(RECEIVER.requests()).filteredOn(r -> r.path().equals("/pipeline"))
                .extracting(Receiver.Request::idempotencyKey).contains(id + ":0");

        List<String> types = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().extract()
                .path("items.findAll { it.invocationId == '" + id + "' }.type");
        assertThat(types).containsExactly("TRIGGER_RECEIVED", "INVOCATION_STARTED",
                "MODEL_REQUEST", "MODEL_RESPONSE", "TOOL_STARTED", "TOOL_RESULT",
                "MODEL_REQUEST", "MODEL_RESPONSE", "TOOL_STARTED", "STATE_CHANGED", "TOOL_RESULT",
                "MODEL_REQUEST", "MODEL_RESPONSE", "INVOCATION_COMPLETED");

        admin().get("/processes/{name}/state/last_status/history", name).then().statusCode(200)
                .body("items[0].value", equalTo(200), "items[0].source", equalTo("agent:" + id));
    }

    @Test
    void journalSequenceNumbersAreOrderedAndPageable() {
        String name = uniqueName("pages");
        deploy(monitor(name));
        awaitEnded(invoke(name, "{\"url\": \"" + RECEIVER.url("/p") + "\"}"));

        List<Integer> all = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().extract().path("items.seq");
        assertThat(all).isSorted().doesNotHaveDuplicates().startsWith(1);
        String next = admin().queryParam("limit", 3).get("/processes/{name}/journal", name).then().extract().path("next_cursor");
        List<Integer> rest = admin().queryParam("after", next).queryParam("limit", 1000).get("/processes/{name}/journal", name)
                .then().extract().path("items.seq");
        assertThat(rest).isEqualTo(all.subList(3, all.size()));
    }

    @Test
    void anIdempotencyKeyReturnsTheSameInvocation() {
        String name = uniqueName("idem");
        deploy(monitor(name));
        String payload = "{\"url\": \"" + RECEIVER.url("/idem") + "\"}";

        String first = admin().header("Idempotency-Key", "order-42").contentType(ContentType.JSON).body(payload)
                .post("/processes/{name}/invocations", name).then().statusCode(202).extract().path("id");
        String again = admin().header("Idempotency-Key", "order-42").contentType(ContentType.JSON).body(payload)
                .post("/processes/{name}/invocations", name).then().statusCode(202).extract().path("id");

        assertThat(again).isEqualTo(first);
        awaitEnded(first);
        admin().get("/processes/{name}/invocations", name).then().body("items.size()", equalTo(1));
    }

    @Test
    void aToolErrorGoesBackToTheModelAndTheInvocationGoesOn() {
        String name = uniqueName("toolerr");
        deploy("""
                name: %s
                model: scripted
                script:
                  - tool: http_request
                    args: {url: "http://forbidden.example.org/"}
                  - reply: "tool said: {{steps.0.error}}"
                tools: [http_request]
                """.formatted(name));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("steps[0].error")).contains("not in this process's network.allow");
        assertThat(done.getString("reply")).startsWith("tool said: host 'forbidden.example.org'");
    }

    @Test
    void aLargeResponseBodyIsCutAt64KiB() {
        String name = uniqueName("bigbody");
        deploy("""
                name: %s
                model: scripted
                script:
                  - tool: http_request
                    args: {url: "%s"}
                  - reply: done
                tools: [http_request]
                network: {allow: ["127.0.0.1"]}
                """.formatted(name, RECEIVER.url("/big/100000")));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("steps[0].result.body")).hasSize(64 * 1024);
        assertThat(done.getBoolean("steps[0].result.truncated")).isTrue();
    }

    @Test
    void exceedingMaxStepsFailsTheInvocation() {
        String name = uniqueName("steps");
        deploy("""
                name: %s
                model: scripted
                max_steps: 2
                script:
                  - {tool: state_set, args: {key: a, value: 1}}
                  - {tool: state_set, args: {key: b, value: 2}}
                  - reply: never
                tools: [state_set]
                """.formatted(name));

        JsonPath done = awaitEnded(invoke(name, "{}"));

        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error")).contains("max_steps");
    }

    @Test
    void consecutiveFailuresFailTheProcess() {
        String name = uniqueName("failing");
        deploy("""
                name: %s
                model: scripted
                max_consecutive_failures: 2
                script:
                  - reply: "{{trigger.payload.missing}}"
                """.formatted(name));

        assertThat(awaitEnded(invoke(name, "{}")).getString("error")).contains("trigger.payload.missing");
        awaitEnded(invoke(name, "{}"));

        admin().get("/processes/{name}", name).then().body("state", equalTo("FAILED"));
        admin().contentType(ContentType.JSON).body("{}").post("/processes/{name}/invocations", name)
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void statusFiltersAndCursorsPageInvocations() {
        String name = uniqueName("listing");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        List<String> ids = List.of(invoke(name, "{}"), invoke(name, "{}"), invoke(name, "{}"));
        ids.forEach(Castellan::awaitEnded);

        Map<String, Object> page = admin().queryParam("limit", 2).queryParam("status", "completed")
                .get("/processes/{name}/invocations", name).then().statusCode(200).extract().path("");
        String cursor = (String) page.get("next_cursor");
        List<String> rest = admin().queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/processes/{name}/invocations", name).then().extract().path("items.id");

        assertThat((List<?>) page.get("items")).hasSize(2);
        assertThat(rest).hasSize(1);
        admin().queryParam("status", "NOPE").get("/processes/{name}/invocations", name).then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void operatorsWriteStateWithTheirNameAsSource() {
        String name = uniqueName("state");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));

        admin().contentType(ContentType.JSON).body("{\"threshold\": 3}").put("/processes/{name}/state/config", name).then().statusCode(200);
        admin().contentType(ContentType.JSON).body("{\"threshold\": 4}").put("/processes/{name}/state/config", name).then().statusCode(200);

        admin().get("/processes/{name}/state/config", name).then().body("value.threshold", equalTo(4));
        admin().get("/processes/{name}/state/config/history", name).then()
                .body("items.value.threshold", equalTo(List.of(3, 4)), "items[0].source", equalTo("api:admin"));
        admin().get("/processes/{name}/state", name).then().body("items.key", equalTo(List.of("config")));

        // refused writes, each a problem, none an FFDC incident in the server's log (the missing process's name was in one)
        String missing = uniqueName("state-missing");
        admin().contentType(ContentType.JSON).body("1").put("/processes/{name}/state/k", missing).then().statusCode(404)
                .contentType("application/problem+json");
        admin().contentType(ContentType.JSON).put("/processes/{name}/state/k", name).then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        admin().contentType(ContentType.JSON).body("1").put("/processes/{name}/state/{key}", name, "k".repeat(300)).then().statusCode(400)
                .body("errors[0].field", equalTo("key"));
        assertThat(ServerLogs.messages()).as("messages.log").doesNotContain(missing).doesNotContain("must be a JSON value")
                .doesNotContain("must be 1-200 characters");
    }

    /** ?wait= holds the answer until the invocation has ended, or answers where it is when the time runs out. */
    @Test
    void aClientCanWaitForTheEndInsteadOfPolling() {
        String name = uniqueName("waitend");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: \"done {{trigger.payload.n}}\"}]\n".formatted(name));
        admin().contentType(ContentType.JSON).body("{\"n\": 1}").queryParam("wait", "30s").post("/processes/{name}/invocations", name)
                .then().statusCode(200).body("status", equalTo("COMPLETED"), "reply", equalTo("done 1"), "process", equalTo(name));

        String slow = uniqueName("waitslow");
        deploy("name: %s\nmodel: scripted\ntools: [wait]\nscript: [{tool: wait, args: {seconds: 2}}, {reply: late}]\n".formatted(slow));
        String id = admin().contentType(ContentType.JSON).body("{}").queryParam("wait", "100ms").post("/processes/{name}/invocations", slow)
                .then().statusCode(202).body("status", org.hamcrest.Matchers.oneOf("RUNNING", "WAITING")).extract().path("id");
        admin().queryParam("wait", "30s").get("/invocations/{id}", id).then().statusCode(200)
                .body("status", equalTo("COMPLETED"), "reply", equalTo("late"));

        admin().contentType(ContentType.JSON).body("{}").queryParam("wait", "soon").post("/processes/{name}/invocations", name)
                .then().statusCode(400).body("errors[0].field", equalTo("wait"));
        admin().queryParam("wait", "2m").get("/invocations/{id}", id).then().statusCode(400).body("errors[0].field", equalTo("wait"));
        assertThat(admin().get("/processes/{name}/invocations", name).then().extract().jsonPath().getList("items")).hasSize(1);
    }

    /** A failed tool call is counted where an operator looks first; on_tool_error: fail ends the run there. */
    @Test
    void toolErrorsAreCountedAndOnToolErrorFailEndsTheRun() {
        String lenient = uniqueName("toolerr");
        String script = """
                name: %s
                model: scripted
                tools: [http_request, state_set]
                %s
                script:
                  - {tool: http_request, args: {url: 'http://not-allowed.example/x'}}
                  - {tool: state_set, args: {key: after, value: true}}
                  - {reply: done anyway}
                """;
        deploy(script.formatted(lenient, ""));
        JsonPath done = awaitEnded(invoke(lenient, "{}"));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("tool_errors")).isEqualTo(1);
        assertThat(admin().get("/processes/{name}/invocations", lenient).then().extract().jsonPath().getInt("items[0].tool_errors")).isEqualTo(1);

        String strict = uniqueName("toolerr-fail");
        deploy(script.formatted(strict, "on_tool_error: fail"));
        JsonPath failed = awaitEnded(invoke(strict, "{}"));
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getString("error")).startsWith("tool step 0 (http_request) failed: ").contains("not-allowed.example");
        assertThat(failed.getInt("tool_errors")).isEqualTo(1);
        admin().get("/processes/{name}/state/after", strict).then().statusCode(404);
    }
}

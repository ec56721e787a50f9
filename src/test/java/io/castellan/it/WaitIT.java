package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalData;
import static io.castellan.it.Castellan.journalTypes;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in {@code wait} tool: a durable wait that suspends the invocation WAITING (no thread
 * holds it), keeps its process busy, and resumes it after the time; cancel ends it at once.
 */
class WaitIT {

    static String waitingAgent(String name, String waitArgs) {
        return """
                name: %s
                model: scripted
                tools: [wait, state_set]
                script:
                  - {tool: wait, args: %s}
                  - {tool: state_set, args: {key: woke, value: '{{steps.0.result.waited_until}}'}}
                  - {reply: 'woke after {{trigger.payload.tag}}'}
                """.formatted(name, waitArgs);
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(invocation(id).getString("status")));
    }

    @Test
    void anInvocationWaitsDurablyThenGoesOnAfterItsTime() {
        String name = uniqueName("wait-seconds");
        deploy(waitingAgent(name, "{seconds: 3}"));
        Instant before = Instant.now();
        // an idle process's trigger is claimed in the transaction that accepts it (RUNNING), or,
        // when it cannot start at once, goes through the broker (QUEUED)
        var first = admin().contentType("application/json").body("{\"tag\": \"first\"}")
                .post("/processes/{name}/invocations", name).then().statusCode(202).extract();
        assertThat(first.<String>path("status")).isIn("RUNNING", "QUEUED");
        String id = first.path("id");
        awaitStatus(id, "WAITING");
        // the process stays busy: a second trigger queues behind the waiting one
        var second = admin().contentType("application/json").body("{\"tag\": \"second\"}")
                .post("/processes/{name}/invocations", name).then().statusCode(202).extract();
        assertThat(second.<String>path("status")).isEqualTo("QUEUED");
        String next = second.path("id");
        assertThat(admin().get("/processes/{name}", name).then().extract().<String>path("active_invocation")).isEqualTo(id);

        JsonPath done = awaitEnded(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("woke after first");
        Instant finished = Instant.parse(done.getString("finished_at"));
        assertThat(Duration.between(before, finished)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(journalTypes(name, id)).containsSubsequence("INVOCATION_STARTED", "TOOL_STARTED", "INVOCATION_WAITING",
                "INVOCATION_RESUMED", "TOOL_RESULT", "STATE_CHANGED", "INVOCATION_COMPLETED");
        Map<String, Object> waiting = journalData(name, "INVOCATION_WAITING").get(0);
        assertThat(waiting).containsEntry("step", 0).containsEntry("kind", "time");
        assertThat(Instant.parse((String) waiting.get("until"))).isBetween(before.plusSeconds(3), finished);
        assertThat(journalData(name, "INVOCATION_RESUMED")).anySatisfy(d -> assertThat(d).containsEntry("after", "wait"));
        admin().get("/processes/{name}/state/woke", name).then().statusCode(200).body("value", equalTo(waiting.get("until")));

        assertThat(awaitEnded(next).getString("reply")).isEqualTo("woke after second");
        assertThat(Instant.parse(invocation(next).getString("started_at"))).isAfterOrEqualTo(finished);
    }

    @Test
    void theReadmesReminderExampleWaitsThenReplies() throws java.io.IOException {
        String manifest = java.nio.file.Files.readString(java.nio.file.Path.of("examples/reminder.yaml"));
        String name = uniqueName("reminder");
        deploy(manifest.replace("name: reminder", "name: " + name));
        String id = invoke(name, "{\"after_seconds\": 1, \"text\": \"stand-up\"}");
        awaitStatus(id, "WAITING");
        JsonPath done = awaitEnded(id);
        assertThat(done.getString("reply")).startsWith("Reminded: stand-up (due ");
        admin().get("/processes/{name}/state/reminder", name).then().statusCode(200).body("value", equalTo("stand-up"));
    }

    @Test
    void untilATimeGoesOnThenAndATimePastGoesOnAtOnce() {
        String name = uniqueName("wait-until");
        Instant until = Instant.now().plusSeconds(2);
        deploy(waitingAgent(name, "{until: '" + until + "'}"));
        JsonPath done = awaitEnded(invoke(name, "{\"tag\": \"until\"}"));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(Instant.parse(done.getString("finished_at"))).isAfterOrEqualTo(until);

        String past = uniqueName("wait-past");
        deploy(waitingAgent(past, "{until: '2020-01-01T00:00:00Z'}"));
        assertThat(awaitEnded(invoke(past, "{\"tag\": \"past\"}")).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void badArgumentsAreAToolErrorTheModelSees() {
        String name = uniqueName("wait-bad");
        deploy("""
                name: %s
                model: scripted
                tools: [wait]
                script:
                  - {tool: wait, args: {seconds: 2592001}}
                  - {tool: wait, args: {until: 'tomorrow'}}
                  - {tool: wait, args: {}}
                  - {reply: '{{steps.0.error}} | {{steps.1.error}} | {{steps.2.error}}'}
                """.formatted(name));
        JsonPath done = awaitEnded(invoke(name, "{}"));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).contains("seconds must be a number from 0 to 2592000", "until must be an ISO-8601 time",
                "give either seconds or until, not neither");
    }

    @Test
    void cancelEndsAWaitingInvocationAtOnceAndTheNextOneRuns() {
        String name = uniqueName("wait-cancel");
        deploy(waitingAgent(name, "{seconds: 3600}"));
        String id = invoke(name, "{\"tag\": \"long\"}");
        awaitStatus(id, "WAITING");
        String next = invoke(name, "{\"tag\": \"next\"}");

        admin().post("/invocations/{id}/cancel", id).then().statusCode(202).body("status", equalTo("CANCELLED"));
        assertThat(invocation(id).getString("error")).startsWith("cancelled by");
        // the next trigger takes the process and waits in its turn
        awaitStatus(next, "WAITING");
        admin().post("/invocations/{id}/cancel", next).then().statusCode(202).body("status", equalTo("CANCELLED"));
        assertThat(admin().get("/processes/{name}", name).then().extract().<String>path("active_invocation")).isNull();
        List<String> types = journalTypes(name, id);
        assertThat(types).containsSubsequence("INVOCATION_WAITING", "INVOCATION_CANCELLED").doesNotContain("INVOCATION_RESUMED");
    }
}

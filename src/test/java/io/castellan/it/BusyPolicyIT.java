package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.awaitRunning;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalTypes;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** on_busy: what a trigger does while an invocation of its process runs. */
class BusyPolicyIT {

    static final Receiver SLOW = new Receiver(30_000);
    static final Receiver QUICK = new Receiver(3_000);
    static final Receiver FAST = new Receiver();

    @AfterAll
    static void stopReceivers() {
        SLOW.close();
        QUICK.close();
        FAST.close();
    }

    /** An agent that calls the URL its trigger names, then replies. */
    static String agent(String name, String onBusy) {
        return """
                name: %s
                model: scripted
                on_busy: %s
                tools: [http_request]
                network: {allow: [127.0.0.1]}
                script:
                  - {tool: http_request, args: {url: '{{trigger.payload.url}}', timeout_ms: 60000}}
                  - {reply: 'called {{trigger.payload.url}}'}
                """.formatted(name, onBusy);
    }

    static String call(Receiver receiver) {
        return "{\"url\": \"" + receiver.url("/") + "\"}";
    }

    @Test
    void rejectRefusesATriggerWhileBusy() {
        String name = uniqueName("busy-reject");
        deploy(agent(name, "reject"));
        String running = invoke(name, call(SLOW));
        awaitRunning(running);

        admin().contentType(ContentType.JSON).body(call(FAST)).post("/processes/{name}/invocations", name)
                .then().statusCode(409).body("detail", containsString("on_busy: reject"));

        admin().post("/invocations/{id}/cancel", running).then().statusCode(202);
        awaitEnded(running);
        assertThat(awaitEnded(invoke(name, call(FAST))).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void interruptCancelsTheRunningInvocationAndRunsTheNewOne() {
        String name = uniqueName("busy-interrupt");
        deploy(agent(name, "interrupt"));
        String old = invoke(name, call(SLOW));
        awaitRunning(old);

        String fresh = invoke(name, call(FAST));

        JsonPath done = awaitEnded(fresh);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        JsonPath cancelled = invocation(old);
        assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.getString("error")).contains("on_busy: interrupt");
        assertThat(journalTypes(name, old)).contains("CANCEL_REQUESTED", "INVOCATION_CANCELLED");
    }

    @Test
    void coalesceMergesEveryWaitingTriggerIntoOneInvocation() {
        String name = uniqueName("busy-coalesce");
        deploy(agent(name, "coalesce"));
        String first = invoke(name, call(QUICK));
        awaitRunning(first);
        String second = invoke(name, call(FAST));
        String third = invoke(name, call(FAST).replace("}", ", \"n\": 3}"));
        String fourth = invoke(name, call(FAST).replace("}", ", \"n\": 4}"));

        assertThat(awaitEnded(first).getString("status")).isEqualTo("COMPLETED");
        JsonPath merged = awaitEnded(second);

        assertThat(merged.getString("status")).isEqualTo("COMPLETED");
        assertThat(merged.getList("trigger.coalesced.id")).containsExactly(third, fourth);
        assertThat(merged.getList("trigger.coalesced.payload.n")).containsExactly(3, 4);
        for (String absorbed : List.of(third, fourth)) {
            JsonPath view = awaitEnded(absorbed);
            assertThat(view.getString("status")).isEqualTo("COALESCED");
            assertThat(view.getString("reply")).isEqualTo("coalesced into invocation " + second);
            assertThat(journalTypes(name, absorbed)).containsExactly("TRIGGER_RECEIVED", "INVOCATION_COALESCED");
        }
        assertThat(journalTypes(name, second)).contains("TRIGGERS_COALESCED");
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code send_message}: one invocation of the receiver (kind {@code message}, {@code from} the
 * sender), only when its message trigger takes the sender; otherwise the sender's tool call fails
 * with the reason.
 */
class AgentMessagesIT {

    private static String receiver(String name, String trigger) {
        return """
                name: %s
                model: scripted
                triggers:
                  - %s
                script:
                  - {reply: 'got {{trigger.payload.payload.text}} from {{trigger.payload.from}}'}
                """.formatted(name, trigger);
    }

    private static String sender(String name, String to) {
        return """
                name: %s
                model: scripted
                tools: [send_message]
                script:
                  - {tool: send_message, args: {to: '%s', payload: {text: hello}}}
                  - {reply: '{{#steps.0.result}}{{steps.0.result.invocation}}{{/steps.0.result}}{{#steps.0.error}}{{steps.0.error}}{{/steps.0.error}}'}
                """.formatted(name, to);
    }

    @Test
    void aMessageWakesTheReceiverOnceWithItsSender() {
        String prefix = uniqueName("coord");
        String sender = prefix + "-a";
        String receiver = uniqueName("worker");
        deploy(receiver(receiver, "message: {from: [\"" + prefix + "-*\", someone-else]}"));
        deploy(sender(sender, receiver));

        JsonPath sent = awaitEnded(invoke(sender, "{}"));
        assertThat(sent.getString("status")).isEqualTo("COMPLETED");
        String started = sent.getString("reply");
        JsonPath received = awaitEnded(started);
        assertThat(received.getString("process")).isEqualTo(receiver);
        assertThat(received.getString("trigger.kind")).isEqualTo("message");
        assertThat(received.getString("trigger.payload.from")).isEqualTo(sender);
        assertThat(received.getString("trigger.ref")).isEqualTo(received.getString("trigger.payload.message_id"));
        assertThat(received.getString("reply")).isEqualTo("got hello from " + sender);
        List<String> receivedIds = admin().get("/processes/{name}/invocations", receiver).then().statusCode(200).extract().path("items.id");
        assertThat(receivedIds).containsExactly(started);
    }

    @Test
    void aReceiverWithoutAMessageTriggerOrNotTakingTheSenderRefusesWithTheReason() {
        String closed = uniqueName("closed");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: never}]\n".formatted(closed));
        String picky = uniqueName("picky");
        deploy(receiver(picky, "message: {from: [boss]}"));
        String open = uniqueName("open");
        deploy(receiver(open, "message:"));

        assertThat(awaitEnded(invoke(deployed(sender(uniqueName("s1"), closed)), "{}")).getString("reply"))
                .contains("takes no messages");
        assertThat(awaitEnded(invoke(deployed(sender(uniqueName("s2"), picky)), "{}")).getString("reply"))
                .contains("takes messages only from boss");
        assertThat(awaitEnded(invoke(deployed(sender(uniqueName("s3"), "nobody-here")), "{}")).getString("reply"))
                .contains("there is no process named 'nobody-here'");
        assertThat(awaitEnded(invoke(deployed(sender(uniqueName("s4"), "Not A Name")), "{}")).getString("reply"))
                .contains("to is required");
        // a message trigger with no list takes every process
        String reply = awaitEnded(invoke(deployed(sender(uniqueName("s5"), open)), "{}")).getString("reply");
        assertThat(invocation(reply).getString("process")).isEqualTo(open);
        assertThat(admin().get("/processes/{name}/invocations", closed).then().extract().<List<String>>path("items")).isEmpty();
    }

    @Test
    void badMessageTriggersAreRefusedAtDeploy() {
        admin().contentType("application/yaml").body("""
                name: %s
                model: scripted
                triggers:
                  - message: {from: ["UPPER", 7]}
                  - message: {}
                  - message: {to: x}
                script: [{reply: x}]
                """.formatted(uniqueName("bad-msg"))).post("/processes").then().statusCode(400)
                .body("errors.field", hasItem("triggers[0].message.from[0]"))
                .body("errors.field", hasItem("triggers[0].message.from[1]"))
                .body("errors.field", hasItem("triggers[1].message"));
    }

    private static String deployed(String manifest) {
        deploy(manifest);
        return manifest.lines().findFirst().orElseThrow().substring("name: ".length());
    }
}

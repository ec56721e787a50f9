package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.castellan.platform.WebhookSignature;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookIT {

    private String name;

    @BeforeEach
    void deployHook() {
        name = uniqueName("hooked");
        deploy("""
                name: %s
                model: scripted
                script:
                  - reply: "alert {{trigger.payload.level}} on {{trigger.ref}}"
                triggers:
                  - webhook: /alert
                    secret: ${%s}
                """.formatted(name, Castellan.HOOK_SECRET_VARIABLE));
    }

    @Test
    void aSignedDeliveryWakesTheProcess() {
        String body = "{\"level\": \"critical\"}";
        String id = signed(body, now()).post("/hooks/{name}/alert", name).then().statusCode(202).extract().path("id");

        assertThat(awaitEnded(id).getString("reply")).isEqualTo("alert critical on /alert");
        assertThat(awaitEnded(id).getString("trigger.kind")).isEqualTo("webhook");
    }

    @Test
    void aRepeatedDeliveryReturnsTheFirstInvocation() {
        String delivery = UUID.randomUUID().toString();
        String body = "{\"level\": \"low\"}";
        String first = signed(body, now()).header("X-Castellan-Delivery", delivery).post("/hooks/{name}/alert", name)
                .then().statusCode(202).extract().path("id");
        String again = signed(body, now()).header("X-Castellan-Delivery", delivery).post("/hooks/{name}/alert", name)
                .then().statusCode(202).extract().path("id");

        assertThat(again).isEqualTo(first);
        awaitEnded(first);
        admin().get("/processes/{name}/invocations", name).then().body("items.size()", equalTo(1));
    }

    @Test
    void missingWrongOrStaleSignaturesAre401AndQueueNothing() {
        String body = "{\"level\": \"x\"}";
        hooks().body(body).post("/hooks/{name}/alert", name).then().statusCode(401).contentType("application/problem+json");
        hooks().header("X-Castellan-Timestamp", now()).header("X-Castellan-Signature", "sha256=" + "00".repeat(32))
                .body(body).post("/hooks/{name}/alert", name).then().statusCode(401);
        String stale = Long.toString(Instant.now().getEpochSecond() - 301);
        signed(body, stale).post("/hooks/{name}/alert", name).then().statusCode(401);
        Response tampered = hooks().header("X-Castellan-Timestamp", now())
                .header("X-Castellan-Signature", WebhookSignature.sign(Castellan.HOOK_SECRET, now(), bytes(body)))
                .body("{\"level\": \"y\"}").post("/hooks/{name}/alert", name);
        assertThat(tampered.statusCode()).isEqualTo(401);

        admin().get("/processes/{name}/invocations", name).then().body("items.size()", equalTo(0));
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        String body = "{\"pad\": \"" + "x".repeat(1024 * 1024) + "\"}";
        signed(body, now()).post("/hooks/{name}/alert", name).then().statusCode(413).contentType("application/problem+json");
        admin().get("/processes/{name}/invocations", name).then().body("items.size()", equalTo(0));
    }

    @Test
    void anUnknownHookOrProcessIs404() {
        signed("{}", now()).post("/hooks/{name}/other", name).then().statusCode(404);
        signed("{}", now()).post("/hooks/{name}/alert", "no-such-process").then().statusCode(404);
        // a stranger's guesses at process names leave nothing on the server's disk: the refusal of
        // each became an FFDC incident of Liberty's (a line in messages.log and a file in logs/ffdc)
        String guess = uniqueName("guessed");
        for (int i = 0; i < 5; i++) {
            hooks().body("{}").post("/hooks/{name}/alert", guess + i).then().statusCode(404);
        }
        assertThat(ServerLogs.messages()).as("messages.log").doesNotContain(guess);
    }

    @Test
    void aStoppedProcessRefusesDeliveries() {
        admin().post("/processes/{name}/stop", name).then().statusCode(200);
        signed("{}", now()).post("/hooks/{name}/alert", name).then().statusCode(409);
    }

    private static String senderHook(String verify) {
        String hook = uniqueName(verify + "-hooked");
        deploy("""
                name: %s
                model: scripted
                script:
                  - reply: "{{trigger.payload.action}}"
                triggers:
                  - webhook: /events
                    secret: ${%s}
                    verify: %s
                """.formatted(hook, Castellan.HOOK_SECRET_VARIABLE, verify));
        return hook;
    }

    @Test
    void githubsSignedDeliveriesWakeTheProcessOnceByTheirDeliveryId() {
        String hook = senderHook("github");
        String body = "{\"action\": \"opened\"}";
        String delivery = UUID.randomUUID().toString();
        String first = hooks().header("X-Hub-Signature-256", WebhookSignature.signGithub(Castellan.HOOK_SECRET, bytes(body)))
                .header("X-GitHub-Delivery", delivery).header("X-GitHub-Event", "issues").body(bytes(body))
                .post("/hooks/{name}/events", hook).then().statusCode(202).extract().path("id");
        String again = hooks().header("X-Hub-Signature-256", WebhookSignature.signGithub(Castellan.HOOK_SECRET, bytes(body)))
                .header("X-GitHub-Delivery", delivery).body(bytes(body))
                .post("/hooks/{name}/events", hook).then().statusCode(202).extract().path("id");
        assertThat(again).isEqualTo(first);
        assertThat(awaitEnded(first).getString("reply")).isEqualTo("opened");
        // Castellan's own headers do not sign a GitHub hook, nor does a signature of another body
        signed(body, now()).post("/hooks/{name}/events", hook).then().statusCode(401).contentType("application/problem+json");
        hooks().header("X-Hub-Signature-256", WebhookSignature.signGithub(Castellan.HOOK_SECRET, bytes("{}"))).body(bytes(body))
                .post("/hooks/{name}/events", hook).then().statusCode(401);
        admin().get("/processes/{name}/invocations", hook).then().body("items.size()", equalTo(1));
    }

    @Test
    void stripesSignedEventsWakeTheProcessOnceByTheirEventId() {
        String hook = senderHook("stripe");
        String body = "{\"id\": \"evt_" + UUID.randomUUID().toString().replace("-", "") + "\", \"action\": \"paid\"}";
        long t = Instant.now().getEpochSecond();
        String first = hooks().header("Stripe-Signature", WebhookSignature.signStripe(Castellan.HOOK_SECRET, t, bytes(body))).body(bytes(body))
                .post("/hooks/{name}/events", hook).then().statusCode(202).extract().path("id");
        // Stripe retries an event with a new timestamp and signature: still the first invocation
        String retried = hooks().header("Stripe-Signature", WebhookSignature.signStripe(Castellan.HOOK_SECRET, t + 30, bytes(body))).body(bytes(body))
                .post("/hooks/{name}/events", hook).then().statusCode(202).extract().path("id");
        assertThat(retried).isEqualTo(first);
        assertThat(awaitEnded(first).getString("reply")).isEqualTo("paid");
        hooks().header("Stripe-Signature", WebhookSignature.signStripe(Castellan.HOOK_SECRET, t - 301, bytes(body))).body(bytes(body))
                .post("/hooks/{name}/events", hook).then().statusCode(401).contentType("application/problem+json");
        hooks().body(bytes(body)).post("/hooks/{name}/events", hook).then().statusCode(401);
        admin().get("/processes/{name}/invocations", hook).then().body("items.size()", equalTo(1));
    }

    @Test
    void anUnknownSenderSchemeIsRefusedAtDeploy() {
        admin().contentType("application/yaml").body("""
                name: %s
                model: scripted
                script: [{reply: x}]
                triggers:
                  - {webhook: /x, secret: "${%s}", verify: gitlab}
                """.formatted(uniqueName("bad-verify"), Castellan.HOOK_SECRET_VARIABLE)).post("/processes").then().statusCode(400)
                .body("errors[0].field", equalTo("triggers[0].verify"))
                .body("errors[0].reason", equalTo("must be castellan, github or stripe"));
    }

    private static RequestSpecification hooks() {
        return given().baseUri(Castellan.baseUrl()).contentType("application/json");
    }

    private static RequestSpecification signed(String body, String timestamp) {
        return hooks().header("X-Castellan-Timestamp", timestamp)
                .header("X-Castellan-Signature", WebhookSignature.sign(Castellan.HOOK_SECRET, timestamp, bytes(body)))
                .body(bytes(body));
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }
}

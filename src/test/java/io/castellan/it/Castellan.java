package io.castellan.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** The black-box test server the build starts (castellan-it), and short ways to drive it. */
public final class Castellan {

    /** Set for the test server in the pom; never a real deployment's token. */
    public static final String ADMIN_TOKEN = "it-admin-token-0123456789";
    /** The environment variable the test server holds the webhook key in. */
    public static final String HOOK_SECRET_VARIABLE = "IT_HOOK_SECRET";
    public static final String HOOK_SECRET = "it-hook-secret";

    /** RestAssured sends manifests (application/yaml) as text. */
    public static final RestAssuredConfig REST = RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs("application/yaml", ContentType.TEXT));

    private Castellan() {
    }

    private static volatile boolean ready;

    /**
     * The test server's address, once its application answers: the build's start returns when
     * Liberty is ready, which on a loaded machine can come before the application has started.
     */
    public static String baseUrl() {
        String base = "http://127.0.0.1:" + System.getProperty("it.http.port", "9080");
        if (!ready) {
            awaitReady(base);
        }
        return base;
    }

    private static synchronized void awaitReady(String base) {
        if (!ready) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> given().baseUri(base).get("/health/ready").statusCode() == 200);
            ready = true;
        }
    }

    public static int brokerPort() {
        return Integer.parseInt(System.getProperty("it.broker.port", "61616"));
    }

    public static RequestSpecification api(String token) {
        RequestSpecification spec = given().config(REST).baseUri(baseUrl()).basePath("/api/v1");
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification admin() {
        return api(ADMIN_TOKEN);
    }

    /** A process name no other test uses, so tests share one server without meeting. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void deploy(String manifestYaml) {
        admin().contentType("application/yaml").body(manifestYaml).post("/processes").then().statusCode(201);
    }

    public static String invoke(String process, String payloadJson) {
        return admin().contentType(ContentType.JSON).body(payloadJson)
                .post("/processes/{name}/invocations", process)
                .then().statusCode(202).extract().path("id");
    }

    public static JsonPath invocation(String id) {
        return admin().get("/invocations/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the invocation has ended, and returns it. */
    public static JsonPath awaitEnded(String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ENDED.contains(invocation(id).getString("status")));
        return invocation(id);
    }

    /** The final statuses. */
    public static final java.util.Set<String> ENDED = java.util.Set.of("COMPLETED", "FAILED", "CANCELLED", "COALESCED");

    /** Waits until the invocation is running. */
    public static void awaitRunning(String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(invocation(id).getString("status")));
    }

    /** The types of the invocation's journal entries, in order. */
    public static java.util.List<String> journalTypes(String process, String invocation) {
        return admin().queryParam("limit", 1000).get("/processes/{name}/journal", process).then().statusCode(200)
                .extract().path("items.findAll { it.invocationId == '" + invocation + "' }.type");
    }

    /** A process as the API shows it. */
    public static JsonPath process(String name) {
        return admin().get("/processes/{name}", name).then().statusCode(200).extract().jsonPath();
    }

    /** The data of the process's journal entries of one type, in order. */
    public static java.util.List<Map<String, Object>> journalData(String process, String type) {
        return admin().queryParam("limit", 1000).get("/processes/{name}/journal", process).then().statusCode(200)
                .extract().path("items.findAll { it.type == '" + type + "' }.data");
    }

    /** The dead letter whose field has the value, once it is there. */
    public static Map<String, Object> awaitDeadLetter(String field, String value) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            java.util.List<Map<String, Object>> items = admin().get("/dead-letters").then().statusCode(200).extract().path("items");
            return items.stream().filter(d -> value.equals(d.get(field))).findFirst().orElse(null);
        }, d -> d != null);
    }

    /**
     * Deploys a stopped scripted process replying {@code 'got {{trigger.payload.n}}'}, sends it a
     * client's trigger {@code {"n": n}}, and returns the dead letter Castellan made of it (a stopped
     * process refuses triggers).
     */
    public static Map<String, Object> deadLetterOfStopped(String name, int n) {
        deploy("name: %s\nmodel: scripted\nstart: false\nscript: [{reply: 'got {{trigger.payload.n}}'}]\n".formatted(name));
        sendTrigger(name, "{\"n\": " + n + "}");
        return awaitDeadLetter("process", name);
    }

    /** The id of the process's newest invocation, once it has one. */
    public static String awaitAnInvocation(String process) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> admin().get("/processes/{name}/invocations", process).then().statusCode(200).extract().<String>path("items[0].id"),
                id -> id != null);
    }

    /** Posts a client's trigger message to castellan.triggers, as any JMS client would. */
    public static void sendTrigger(String process, String jsonBody) {
        send("castellan.triggers", jsonBody, Map.of("process", process));
    }

    /** A JMS client of the test server's broker, signed in with an API token (user: the token's name). */
    public static ActiveMQConnectionFactory brokerClient() {
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort() + "?reconnectAttempts=0");
    }

    /**
     * Sends a text message with string properties to a queue of the test server's broker, signed in
     * with the admin token (an operator's may send to castellan.triggers only).
     */
    public static void send(String queue, String body, Map<String, String> properties) {
        try (ActiveMQConnectionFactory factory = brokerClient();
             JMSContext context = factory.createContext("admin", ADMIN_TOKEN)) {
            TextMessage message = context.createTextMessage(body);
            for (Map.Entry<String, String> property : properties.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            context.createProducer().send(context.createQueue(queue), message);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new API token of that name and role; its secret. */
    public static String token(String name, String role) {
        return admin().contentType(ContentType.JSON).body(Map.of("name", name, "role", role))
                .post("/tokens").then().statusCode(201).extract().path("token");
    }

    public static String tokenWithRole(String role) {
        return token(uniqueName(role), role);
    }
}

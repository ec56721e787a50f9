package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The event bus against the real server and broker: the broker's wildcard routing fans an event out
 * to every process whose pattern matches, once each (two matching triggers of one process still
 * make one invocation), never back to its publisher unless it asks, and the API publishes and lists.
 */
class EventBusIT {

    private static String subscriber(String name, String triggers) {
        return """
                name: %s
                model: scripted
                triggers:
                %s
                script:
                  - {reply: 'saw {{trigger.payload.topic}} from {{trigger.payload.publisher}}: {{trigger.payload.payload.n}}'}
                """.formatted(name, triggers);
    }

    /** A process that publishes {@code <domain>.created} once, and replies with the event's id; it listens to its domain too. */
    static String publisher(String name, String domain) {
        return """
                name: %s
                model: scripted
                tools: [publish_event]
                triggers:
                  - event: "%s.#"
                script:
                  - {tool: publish_event, args: {topic: '%s.created', payload: {n: 7}}}
                  - {reply: '{{steps.0.result.event_id}}'}
                """.formatted(name, domain, domain);
    }

    /** The invocations the event started, once there are {@code count} of them and all have ended. */
    private static List<Map<String, Object>> awaitDeliveries(String eventId, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Map<String, Object>> started = admin().get("/events/{id}", eventId).then().statusCode(200).extract().path("invocations");
            return started.size() == count && started.stream().allMatch(i -> Castellan.ENDED.contains((String) i.get("status"))) ? started : null;
        }, started -> started != null);
    }

    private static List<String> invocationsOf(String process) {
        return admin().get("/processes/{name}/invocations", process).then().statusCode(200).extract().path("items.id");
    }

    @Test
    void anEventReachesEveryMatchingSubscriberOnceAndNotItsPublisher() {
        String domain = uniqueName("orders");
        String one = uniqueName("sub-one");
        String any = uniqueName("sub-any");
        String other = uniqueName("sub-other");
        String publisher = uniqueName("publisher");
        deploy(subscriber(one, "  - event: \"" + domain + ".*\""));
        // two of its triggers match: still one invocation
        deploy(subscriber(any, "  - event: \"" + domain + ".#\"\n  - event: {topic: \"" + domain + ".created\"}"));
        deploy(subscriber(other, "  - event: \"" + domain + ".*.deleted\""));
        deploy(publisher(publisher, domain));

        JsonPath published = awaitEnded(invoke(publisher, "{}"));
        assertThat(published.getString("status")).isEqualTo("COMPLETED");
        String eventId = published.getString("reply");

        List<Map<String, Object>> deliveries = awaitDeliveries(eventId, 2);
        assertThat(deliveries).extracting(d -> d.get("process")).containsExactlyInAnyOrder(one, any);
        for (Map<String, Object> delivery : deliveries) {
            JsonPath invocation = Castellan.invocation((String) delivery.get("invocation"));
            assertThat(invocation.getString("trigger.kind")).isEqualTo("event");
            assertThat(invocation.getString("trigger.ref")).isEqualTo(eventId);
            assertThat(invocation.getString("trigger.payload.event_id")).isEqualTo(eventId);
            assertThat(invocation.getString("reply")).isEqualTo("saw " + domain + ".created from " + publisher + ": 7");
        }
        assertThat(invocationsOf(any)).hasSize(1);
        assertThat(invocationsOf(other)).isEmpty();
        // the publisher subscribes without include_own: only its own manual invocation
        assertThat(invocationsOf(publisher)).hasSize(1);
    }

    @Test
    void aPublisherThatAsksForItsOwnEventsGetsThem() {
        String domain = uniqueName("echo");
        String name = uniqueName("echo");
        // the manual run publishes <domain>.manual, which it hears; that run publishes <domain>.event, which it does not
        deploy("""
                name: %s
                model: scripted
                tools: [publish_event]
                triggers:
                  - event: {topic: "%s.manual", include_own: true}
                script:
                  - {tool: publish_event, args: {topic: '%s.{{trigger.kind}}', payload: {n: 1}}}
                  - {reply: '{{steps.0.result.event_id}}'}
                """.formatted(name, domain, domain));
        String eventId = awaitEnded(invoke(name, "{}")).getString("reply");
        List<Map<String, Object>> deliveries = awaitDeliveries(eventId, 1);
        assertThat(deliveries.get(0)).containsEntry("process", name);
        assertThat(invocationsOf(name)).hasSize(2);
    }

    @Test
    void anOperatorPublishesThroughTheApiAndEventsAreListedWithWhatTheyStarted() {
        String domain = uniqueName("ops");
        String sub = uniqueName("ops-sub");
        deploy(subscriber(sub, "  - event: \"" + domain + ".alert\""));
        String operator = tokenWithRole("operator");
        var accepted = api(operator).contentType("application/json").body("{\"n\": 3}")
                .post("/events/{topic}", domain + ".alert").then().statusCode(202)
                .body("topic", equalTo(domain + ".alert")).extract();
        String eventId = accepted.path("id");
        assertThat(accepted.header("Location")).endsWith("/events/" + eventId);

        Map<String, Object> delivery = awaitDeliveries(eventId, 1).get(0);
        JsonPath invocation = Castellan.invocation((String) delivery.get("invocation"));
        assertThat(invocation.getString("trigger.payload.publisher")).startsWith("api:");
        assertThat(invocation.getString("reply")).isEqualTo("saw " + domain + ".alert from " + invocation.getString("trigger.payload.publisher") + ": 3");

        admin().queryParam("topic", domain + ".alert").get("/events").then().statusCode(200)
                .body("items.id", equalTo(List.of(eventId)))
                .body("items[0].routed", equalTo(true))
                .body("items[0].payload.n", equalTo(3))
                .body("items[0].invocations.process", hasItem(sub));
        // a viewer reads but does not publish
        String viewer = tokenWithRole("viewer");
        api(viewer).get("/events").then().statusCode(200);
        api(viewer).contentType("application/json").body("{}").post("/events/{topic}", domain + ".alert").then().statusCode(403);
    }

    @Test
    void badTopicsAndPayloadsAreRefusedNamingTheField() {
        for (String topic : List.of("a..b", "a.*", "sp ace", "x".repeat(256), ".lead", "trail.")) {
            admin().contentType("application/json").body("{}").post("/events/{topic}", topic).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("topic"));
        }
        // '#' cannot reach the topic: the server refuses a path with an encoded '#' before any resource
        admin().contentType("application/json").body("{}").post("/events/{topic}", "a.#").then().statusCode(400)
                .contentType("application/problem+json");
        String big = "{\"blob\": \"" + "x".repeat(256 * 1024) + "\"}";
        admin().contentType("application/json").body(big).post("/events/{topic}", "big.one").then().statusCode(400)
                .body("errors[0].field", equalTo("payload"));
        admin().queryParam("topic", "bad..topic").get("/events").then().statusCode(400).body("errors[0].field", equalTo("topic"));
        admin().get("/events/{id}", "no-such-event").then().statusCode(404);

        String name = uniqueName("bad-sub");
        admin().contentType("application/yaml").body("""
                name: %s
                model: scripted
                triggers:
                  - event: "a..b"
                  - event: {topic: "x.y", include_own: maybe}
                  - event: 42
                script: [{reply: x}]
                """.formatted(name)).post("/processes").then().statusCode(400)
                .body("errors.field", hasItem("triggers[0].event"))
                .body("errors.field", hasItem("triggers[1].event.include_own"))
                .body("errors.field", hasItem("triggers[2].event"));
    }

    @Test
    void aToolCallWithABadTopicIsAnErrorTheModelSees() {
        String name = uniqueName("bad-pub");
        deploy("""
                name: %s
                model: scripted
                tools: [publish_event]
                script:
                  - {tool: publish_event, args: {topic: 'a.*'}}
                  - {reply: '{{steps.0.error}}'}
                """.formatted(name));
        JsonPath done = awaitEnded(invoke(name, "{}"));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).startsWith("topic ").contains("wildcard");
    }

    @Test
    void theReadmesOrderExamplePublishesAndSends() throws java.io.IOException {
        for (String example : List.of("examples/order-packer.yaml", "examples/order-intake.yaml")) {
            deploy(java.nio.file.Files.readString(java.nio.file.Path.of(example)));
        }
        JsonPath done = awaitEnded(invoke("order-intake", "{\"order\": \"A-17\"}"));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).startsWith("Order A-17: event ");
        List<String> kinds = await().atMost(Duration.ofSeconds(60)).until(() -> admin().get("/processes/order-packer/invocations")
                .then().statusCode(200).extract().<List<String>>path("items.trigger.kind"), found -> found.size() == 2);
        assertThat(kinds).containsExactlyInAnyOrder("event", "message");
        admin().queryParam("topic", "orders.created").get("/events").then().statusCode(200)
                .body("items[0].payload.order", equalTo("A-17"))
                .body("items[0].invocations.process", hasItem("order-packer"));
    }

    @Test
    void subscriptionsFollowUpdatesAndDeletes() {
        String domain = uniqueName("follow");
        String name = uniqueName("follower");
        deploy(subscriber(name, "  - event: \"" + domain + ".old\""));
        // an update that changes the pattern moves the subscription
        admin().contentType("application/yaml").body(subscriber(name, "  - event: \"" + domain + ".new\""))
                .put("/processes/{name}", name).then().statusCode(200);
        String old = publish(domain + ".old");
        String renewed = publish(domain + ".new");
        awaitDeliveries(renewed, 1);
        // an update that keeps it (another script) changes nothing in the broker
        admin().contentType("application/yaml").body(subscriber(name, "  - event: \"" + domain + ".new\"").replace("saw ", "heard "))
                .put("/processes/{name}", name).then().statusCode(200);
        String kept = publish(domain + ".new");
        assertThat(Castellan.invocation((String) awaitDeliveries(kept, 1).get(0).get("invocation")).getString("reply")).startsWith("heard ");
        admin().delete("/processes/{name}", name).then().statusCode(204);
        String gone = publish(domain + ".new");
        // the old pattern's and the deleted process's events reached nobody: both listed, with no invocation
        String marker = uniqueName("marker");
        deploy(subscriber(marker, "  - event: \"" + domain + ".marker\""));
        awaitDeliveries(publish(domain + ".marker"), 1);
        for (String unheard : List.of(old, gone)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/events/{id}", unheard).then().extract().<Boolean>path("routed"));
            admin().get("/events/{id}", unheard).then().statusCode(200).body("invocations", equalTo(List.of()));
        }
    }

    private static String publish(String topic) {
        return admin().contentType("application/json").body("{\"n\": 1}").post("/events/{topic}", topic).then().statusCode(202)
                .extract().path("id");
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retention: a process's ended invocations, with their journal, and its other journal entries go
 * once older than its {@code retention.keep}; an unfinished invocation keeps everything it needs;
 * the storage endpoint counts what is held. (The test server sweeps every second.)
 */
class RetentionIT {

    private static List<String> invocationIds(String process) {
        return admin().get("/processes/{name}/invocations", process).then().statusCode(200).extract().path("items.id");
    }

    private static List<String> journalTypes(String process) {
        return admin().queryParam("limit", 1000).get("/processes/{name}/journal", process).then().statusCode(200).extract().path("items.type");
    }

    @Test
    void endedInvocationsAndOldEntriesGoWhileAnUnfinishedOneKeepsItsOwn() {
        String name = uniqueName("retained");
        deploy(ApprovalIT.requesting(name, "retention: {keep: 2s}"));
        String ended = invoke(name, "{\"what\": \"a\"}");
        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", ApprovalIT.pendingOf(name).get("id")).then().statusCode(200);
        assertThat(awaitEnded(ended).getString("status")).isEqualTo("COMPLETED");
        String waiting = invoke(name, "{\"what\": \"b\"}");
        String approval = (String) ApprovalIT.pendingOf(name).get("id");

        JsonPath held = admin().get("/processes/{name}/storage", name).then().statusCode(200).extract().jsonPath();
        assertThat(held.getString("keep")).isEqualTo("2s");
        assertThat(held.getString("kept_by")).isEqualTo("manifest");
        assertThat(held.getLong("invocations.rows")).isEqualTo(2);
        assertThat(held.getLong("journal.rows")).isPositive();
        assertThat(held.getLong("journal.bytes")).isPositive();

        // the ended one goes with its journal; the waiting one, older than 2 s too, stays whole
        await().atMost(Duration.ofSeconds(60)).until(() -> invocationIds(name).equals(List.of(waiting)));
        admin().get("/invocations/{id}", ended).then().statusCode(404);
        await().atMost(Duration.ofSeconds(60)).until(() -> !journalTypes(name).contains("PROCESS_DEPLOYED"));
        assertThat(journalTypes(name)).contains("INVOCATION_WAITING", "APPROVAL_REQUESTED").doesNotContain("INVOCATION_COMPLETED");
        assertThat(admin().get("/processes/{name}/storage", name).then().extract().jsonPath().getLong("invocations.rows")).isEqualTo(1);

        admin().contentType(ContentType.JSON).body("{}").post("/approvals/{id}/approve", approval).then().statusCode(200);
        assertThat(awaitEnded(waiting).getString("reply")).startsWith("approved by ");
        await().atMost(Duration.ofSeconds(60)).until(() -> invocationIds(name).isEmpty());
    }

    @Test
    void theEventsAProcessPublishedGoWithItsKeep() {
        String name = uniqueName("retained-publisher");
        String domain = uniqueName("retained");
        deploy(EventBusIT.publisher(name, domain) + "retention: {keep: 2s}\n");
        String eventId = awaitEnded(invoke(name, "{}")).getString("reply");
        admin().get("/events/{id}", eventId).then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> admin().get("/events/{id}", eventId).statusCode() == 404);
    }

    /** The sweep reads only the manifests that may say retention; one that spells it with a YAML escape is one of them. */
    @Test
    void aKeepSpelledWithAnEscapeIsKeptToo() {
        String name = uniqueName("retained-escaped");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n\"\\x72etention\": {keep: 2s}\n".formatted(name));
        awaitEnded(invoke(name, "{}"));
        assertThat(admin().get("/processes/{name}/storage", name).then().statusCode(200).extract().jsonPath().getString("keep")).isEqualTo("2s");
        await().atMost(Duration.ofSeconds(60)).until(() -> invocationIds(name).isEmpty());
    }

    @Test
    void aProcessWithoutRetentionKeepsEverythingAndABadKeepIsRefused() {
        String name = uniqueName("kept");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: ok}\n".formatted(name));
        awaitEnded(invoke(name, "{}"));
        admin().get("/processes/{name}/storage", name).then().statusCode(200).body("invocations.rows", equalTo(1))
                .body("keep", equalTo(null));
        admin().get("/processes/{name}/storage", "no-such-process").then().statusCode(404);
        admin().contentType("application/yaml").body("name: %s\nmodel: scripted\nscript: [{reply: ok}]\nretention: {keep: forever}\n"
                .formatted(uniqueName("bad-keep"))).post("/processes").then().statusCode(400).body("errors[0].field", equalTo("retention.keep"));
    }
}

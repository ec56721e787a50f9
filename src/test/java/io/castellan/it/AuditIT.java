package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.awaitAnInvocation;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.sendTrigger;
import static io.castellan.it.Castellan.token;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit log: each management action, through the API, the CLI, the console or the broker, with
 * its token, role, entry point, target and outcome, refusals included; filtered by process, token
 * and time; for admins only; kept after its process is deleted.
 */
class AuditIT {

    /** The process's audit records, newest first, once there are at least {@code count}. */
    private static List<Map<String, Object>> recordsOf(String process, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> admin().queryParam("process", process).get("/audit").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("items"), items -> items.size() >= count);
    }

    @Test
    void everyActionIsRecordedWithWhoHowWhatAndHowItEnded() {
        Instant before = Instant.now();
        String name = uniqueName("audited");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: ok}\n".formatted(name));
        String operatorName = uniqueName("auditor");
        String operator = token(operatorName, "operator");
        String viewerName = uniqueName("peeker");
        String viewer = token(viewerName, "viewer");

        api(operator).header("X-Castellan-Client", "cli").post("/processes/{name}/pause", name).then().statusCode(200);
        api(viewer).post("/processes/{name}/resume", name).then().statusCode(403);
        api("not-a-token").post("/processes/{name}/resume", name).then().statusCode(401);
        api(operator).header("X-Castellan-Client", "console").post("/processes/{name}/resume", name).then().statusCode(200);
        sendTrigger(name, "{\"from\": \"jms\"}");
        awaitAnInvocation(name);

        List<Map<String, Object>> records = recordsOf(name, 6);
        assertThat(records).extracting(r -> r.get("method") + " " + r.get("target") + " " + r.get("status") + " " + r.get("entry"))
                .containsExactly(
                        "SEND castellan.triggers 202 jms",
                        "POST /processes/%s/resume 200 console".formatted(name),
                        "POST /processes/%s/resume 401 api".formatted(name),
                        "POST /processes/%s/resume 403 api".formatted(name),
                        "POST /processes/%s/pause 200 cli".formatted(name),
                        "POST /processes 201 api");
        assertThat(records.get(0)).containsEntry("token", "admin").containsEntry("outcome", "ok");
        assertThat(records.get(1)).containsEntry("token", operatorName).containsEntry("role", "operator");
        assertThat(records.get(2)).doesNotContainKey("token").containsEntry("outcome", "refused");
        assertThat(records.get(3)).containsEntry("token", viewerName).containsEntry("role", "viewer").containsEntry("outcome", "refused");
        assertThat((String) records.get(3).get("detail")).contains("operator role");
        assertThat(records.get(5)).containsEntry("token", "admin").containsEntry("role", "admin").containsEntry("process", name);
        assertThat(Instant.parse((String) records.get(5).get("at"))).isAfterOrEqualTo(before.minusSeconds(1));

        // filtered by token and time; kept after the process is deleted
        admin().queryParam("token", viewerName).get("/audit").then().statusCode(200).body("items.size()", equalTo(1));
        admin().queryParam("process", name).queryParam("from", Instant.now().plusSeconds(3600).toString()).get("/audit").then()
                .statusCode(200).body("items.size()", equalTo(0));
        admin().delete("/processes/{name}", name).then().statusCode(204);
        assertThat(recordsOf(name, 7).get(0)).containsEntry("method", "DELETE").containsEntry("status", 204);
    }

    @Test
    void onlyAnAdminReadsItAndNobodyChangesIt() {
        api(Castellan.tokenWithRole("operator")).get("/audit").then().statusCode(403);
        admin().queryParam("from", "yesterday").get("/audit").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"));
        admin().queryParam("limit", 0).get("/audit").then().statusCode(400);
        for (String method : List.of("POST", "PUT", "DELETE")) {
            int status = admin().contentType(ContentType.JSON).body("{}").request(method, "/audit").then().extract().statusCode();
            assertThat(status).as(method).isEqualTo(405);
        }
    }
}

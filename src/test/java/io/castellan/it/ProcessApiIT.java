package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessApiIT {

    private static String manifest(String name, String reply) {
        return """
                name: %s
                model: scripted
                script:
                  - reply: "%s"
                triggers:
                  - cron: "0 3 * * *"
                """.formatted(name, reply);
    }

    @Test
    void deployReadListAndUpdate() {
        String name = uniqueName("lifecycle");
        admin().contentType("application/yaml").body(manifest(name, "v1")).post("/processes")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/processes/" + name))
                .body("name", equalTo(name), "state", equalTo("RUNNING"), "version", equalTo(1),
                        "triggers[0].kind", equalTo("cron"), "triggers[0].schedule", equalTo("0 3 * * *"));

        admin().get("/processes/{name}", name).then().statusCode(200)
                .body("manifest", equalTo(manifest(name, "v1")));
        admin().queryParam("limit", 1000).get("/processes").then().statusCode(200).body("items.name", hasItem(name));

        admin().contentType("application/yaml").body(manifest(name, "v2")).put("/processes/{name}", name)
                .then().statusCode(200).body("version", equalTo(2));
        List<String> types = admin().get("/processes/{name}/journal", name).then().extract().path("items.type");
        assertThat(types).containsSequence("PROCESS_DEPLOYED", "PROCESS_UPDATED");
    }

    /**
     * A JSON answer that fits the web container's buffer goes out with its length, in one piece:
     * not flushed as a chunk as soon as it is written and ended by a second write (JsonProvider).
     */
    @Test
    void aJsonAnswerCarriesItsLength() {
        String name = uniqueName("length");
        deploy(manifest(name, "x"));
        Response accepted = admin().contentType("application/json").body("{}").post("/processes/{name}/invocations", name);
        Response process = admin().get("/processes/{name}", name);
        for (Response answer : List.of(accepted, process)) {
            assertThat(answer.header("Transfer-Encoding")).as("Transfer-Encoding").isNull();
            assertThat(answer.header("Content-Length")).as("Content-Length").isEqualTo(Integer.toString(answer.asByteArray().length));
        }
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(process.jsonPath().getString("name")).isEqualTo(name);
    }

    @Test
    void aNameIsDeployedOnce() {
        String name = uniqueName("twice");
        deploy(manifest(name, "x"));
        admin().contentType("application/yaml").body(manifest(name, "x")).post("/processes")
                .then().statusCode(409).contentType("application/problem+json");
    }

    /**
     * An operator's mistakes are answered, not recorded as the server's: each refusal thrown out
     * of the deploy's transaction was an FFDC incident (a line in messages.log and a file in
     * logs/ffdc for each distinct message), and these messages name the process.
     */
    @Test
    void aRefusedDeployOrUpdateLeavesNothingInTheServerLog() {
        String name = uniqueName("refused");
        deploy(manifest(name, "x"));
        admin().contentType("application/yaml").body(manifest(name, "x")).post("/processes").then().statusCode(409);
        admin().contentType("application/yaml").body("name: x\nmodel: [" + name + "\n").post("/processes").then().statusCode(400);
        admin().contentType("application/yaml").body(manifest(name, "x") + "max_steps: 0\n").put("/processes/{name}", name).then().statusCode(400);
        admin().contentType("application/yaml").body(manifest(name + "-other", "x")).put("/processes/{name}", name).then().statusCode(400);
        admin().contentType("application/yaml").body(manifest(name + "-gone", "x")).put("/processes/{name}", name + "-gone").then().statusCode(404);

        assertThat(ServerLogs.messages()).as("messages.log").doesNotContain(name);
    }

    @Test
    void aRefusedTriggerLeavesNothingInTheServerLog() {
        // Liberty recorded each refusal thrown out of the accept's transaction as an FFDC incident, the process's name in it
        String stopped = uniqueName("refused-stopped");
        deploy(manifest(stopped, "x"));
        admin().post("/processes/{name}/stop", stopped).then().statusCode(200);
        admin().contentType("application/json").body("{}").post("/processes/{name}/invocations", stopped).then().statusCode(409)
                .contentType("application/problem+json");
        String busy = uniqueName("refused-busy");
        deploy("name: %s\nmodel: scripted\non_busy: reject\ntools: [wait]\nscript:\n  - {tool: wait, args: {seconds: 600}}\n  - {reply: x}\n"
                .formatted(busy));
        String waiting = Castellan.invoke(busy, "{}");
        org.awaitility.Awaitility.await().until(() -> "WAITING".equals(Castellan.invocation(waiting).getString("status")));
        admin().contentType("application/json").body("{}").post("/processes/{name}/invocations", busy).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("on_busy: reject"));
        admin().post("/invocations/{id}/cancel", waiting).then().statusCode(202);
        // and an action on, or a delete of, a process that is not there
        String missing = uniqueName("refused-missing");
        admin().post("/processes/{name}/pause", missing).then().statusCode(404).contentType("application/problem+json");
        admin().delete("/processes/{name}", missing).then().statusCode(404).contentType("application/problem+json");

        assertThat(ServerLogs.messages()).as("messages.log").doesNotContain(stopped).doesNotContain(busy).doesNotContain(missing);
    }

    @Test
    void anUpdateMustKeepTheName() {
        String name = uniqueName("rename");
        deploy(manifest(name, "x"));
        admin().contentType("application/yaml").body(manifest(uniqueName("other"), "x")).put("/processes/{name}", name)
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void validateIsADryRun() {
        String name = uniqueName("dry");
        admin().contentType("application/yaml").body(manifest(name, "x")).post("/processes/validate")
                .then().statusCode(200).body("valid", equalTo(true), "name", equalTo(name));
        admin().get("/processes/{name}", name).then().statusCode(404);
        admin().contentType("application/yaml").body("name: x\nmodel: scripted").post("/processes/validate")
                .then().statusCode(400).body("errors[0].field", equalTo("script"));
    }

    @Test
    void lifecycleFollowsTheTransitionTable() {
        String name = uniqueName("states");
        deploy(manifest(name, "x"));

        admin().post("/processes/{name}/pause", name).then().statusCode(200).body("state", equalTo("PAUSED"));
        admin().post("/processes/{name}/start", name).then().statusCode(409).contentType("application/problem+json");
        admin().post("/processes/{name}/resume", name).then().statusCode(200).body("state", equalTo("RUNNING"));
        admin().post("/processes/{name}/stop", name).then().statusCode(200).body("state", equalTo("STOPPED"));
        admin().post("/processes/{name}/pause", name).then().statusCode(409);
        admin().post("/processes/{name}/start", name).then().statusCode(200).body("state", equalTo("RUNNING"));

        List<String> changes = admin().get("/processes/{name}/journal", name).then().extract()
                .path("items.findAll { it.type == 'PROCESS_STATE_CHANGED' }.data.to");
        assertThat(changes).containsExactly("PAUSED", "RUNNING", "STOPPED", "RUNNING");
    }

    @Test
    void deleteRemovesTheProcessAndItsData() {
        String name = uniqueName("gone");
        deploy(manifest(name, "x"));
        admin().contentType("application/json").body("1").put("/processes/{name}/state/k", name).then().statusCode(200);

        admin().delete("/processes/{name}", name).then().statusCode(204);

        admin().get("/processes/{name}", name).then().statusCode(404).contentType("application/problem+json");
        admin().get("/processes/{name}/journal", name).then().statusCode(404);
        admin().get("/processes/{name}/state/k", name).then().statusCode(404);
    }

    @Test
    void unknownProcessesAre404Problems() {
        admin().get("/processes/{name}", "no-such-process").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Not found"));
        admin().post("/processes/{name}/stop", "no-such-process").then().statusCode(404);
    }
}

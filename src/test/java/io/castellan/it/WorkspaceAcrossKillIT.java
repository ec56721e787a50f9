package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A workspace across kill -9: the sandbox running when the server dies dies with it; after the
 * restart the invocation resumes in the same workspace, the step that completed is not run again
 * (its file holds one line), the one cut off runs again, and the change is pushed once.
 */
class WorkspaceAcrossKillIT {


    @Test
    void aWorkspaceInvocationResumesAfterAKillWithoutRepeatingWhatCompleted() throws Exception {
        String repo = Castellan.uniqueName("kill-ws");
        try (GitRemote remote = new GitRemote(Path.of("target", "git-remote-kill").toAbsolutePath())) {
            remote.seed(repo, Map.of("README", "a log\n"));
            OwnServer.upAndReady();
            String token = OwnServer.generatedAdminToken();
            String name = Castellan.uniqueName("kill-ws");
            OwnServer.api(token).contentType("application/yaml").body("""
                    name: %s
                    model: scripted
                    workspace: {repo: '%s', verify: 'grep -c one log.txt'}
                    script:
                      - {tool: shell, args: {command: 'echo one >> log.txt'}}
                      - {tool: shell, args: {command: 'sleep 15; echo slept', timeout: 120}}
                      - {tool: shell, args: {command: 'cat log.txt'}}
                      - {tool: propose_change, args: {message: 'a log of one line'}}
                      - {reply: '{{steps.2.result.stdout}}|{{steps.3.result.verdict}}|{{steps.3.result.branch}}'}
                    """.formatted(name, remote.bare(repo))).post("/processes").then().statusCode(201);
            String id = OwnServer.api(token).contentType(ContentType.JSON).body("{}").post("/processes/{name}/invocations", name).then()
                    .statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(60)).until(() -> sleeping(id));

            OwnServer.killMinus9();
            await("the sandbox dies with its server").atMost(Duration.ofSeconds(30)).until(() -> WorkspaceIT.sandboxesOf(id).isEmpty());
            OwnServer.startAndAwaitReady();

            await().atMost(Duration.ofSeconds(120)).until(() -> List.of("COMPLETED", "FAILED", "CANCELLED")
                    .contains(OwnServer.api(token).get("/invocations/{id}", id).then().extract().<String>path("status")));
            Map<String, Object> done = OwnServer.api(token).get("/invocations/{id}", id).then().extract().path("");
            assertThat(done).containsEntry("status", "COMPLETED");
            String[] reply = ((String) done.get("reply")).split("\\|");
            assertThat(reply[0]).as("the completed step ran once").isEqualTo("one\n");
            assertThat(reply[1]).isEqualTo("accepted");
            assertThat(remote.branches(repo)).containsExactlyInAnyOrder("main", reply[2]);
            assertThat(GitRemote.git(remote.bare(repo), "show", reply[2] + ":log.txt")).isEqualTo("one\n");
            List<Map<String, Object>> results = OwnServer.api(token).queryParam("limit", 1000).get("/processes/{name}/journal", name).then()
                    .extract().path("items.findAll { it.type == 'TOOL_RESULT' }.data");
            assertThat(results).extracting(r -> r.get("step")).containsExactly(0, 1, 2, 3);
        }
    }

    /** Step 1's sandbox is running. */
    private static boolean sleeping(String invocation) {
        return WorkspaceIT.sandboxesOf(invocation).stream().anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 15"));
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalData;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Work without the keys: a scripted executor fixes a failing test in its sandboxed copy of a
 * repository, and the reviewer verifies the change and pushes it, over git's HTTP transport, with
 * credentials the executor never saw; changes that touch protected paths or fail verification are
 * rejected with their reason, and nothing is pushed.
 */
class WorkspaceIT {

    static final String CALC = "add() { echo $(($1 - $2)); }\n";
    static final String TEST = """
            . ./calc.sh
            got=$(add 2 3)
            [ "$got" = 5 ] || { echo "FAIL: add 2 3 gave $got"; exit 1; }
            echo PASS
            """;
    static final String FIX = """
            --- a/calc.sh
            +++ b/calc.sh
            @@ -1 +1 @@
            -add() { echo $(($1 - $2)); }
            +add() { echo $(($1 + $2)); }
            """;

    static GitRemote remote;

    @BeforeAll
    static void startRemote() throws IOException {
        remote = new GitRemote(Path.of("target", "git-remote").toAbsolutePath());
    }

    @AfterAll
    static void stopRemote() {
        remote.close();
    }

    /** A process with a workspace on the repository, its credentials' secret set, running the script. */
    static String fixer(String repo, String script) throws IOException {
        remote.seed(repo, Map.of("calc.sh", CALC, "test.sh", TEST, "README", "a calculator\n"));
        return deployWorking(remote, repo, "sh test.sh", script);
    }

    /** Deploys a scripted process working on a repository of the remote, with the remote's credentials as its secret. */
    static String deployWorking(GitRemote remote, String repo, String verify, String script) {
        String name = uniqueName("fixer");
        deploy("""
                name: %s
                model: scripted
                secrets: {GIT_TOKEN: {}}
                workspace:
                  repo: %s
                  verify: '%s'
                  credentials: {username: %s, secret: GIT_TOKEN}
                  limits: {processes: 64, output: 64k, cpu_seconds: 60}
                script:
                %s
                """.formatted(name, remote.url(repo), verify, GitRemote.USER, script.indent(2)));
        SecretsIT.setSecret(name, "GIT_TOKEN", GitRemote.PASSWORD);
        return name;
    }

    /** The result of each tool step, in step order. */
    static List<Map<String, Object>> results(String process) {
        return journalData(process, "TOOL_RESULT").stream().map(d -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) d.get("result");
            return result;
        }).toList();
    }

    @Test
    void aFixIsVerifiedAndPushedWithCredentialsTheExecutorNeverSaw() throws IOException {
        String repo = uniqueName("calc");
        String name = fixer(repo, """
                - {tool: shell, args: {command: 'sh test.sh'}}
                - tool: apply_patch
                  args:
                    patch: |
                %s
                - {tool: shell, args: {command: 'sh test.sh; env; cat .git/config; git remote -v'}}
                - {tool: propose_change, args: {message: 'Fix add: it subtracted'}}
                - {tool: shell, args: {command: 'git push %s HEAD:refs/heads/by-the-executor'}}
                - {reply: '{{steps.3.result.verdict}} {{steps.3.result.commit}} {{steps.3.result.branch}}'}
                """.formatted(FIX.indent(6).stripTrailing(), remote.url(repo)));
        String id = invoke(name, "{}");
        JsonPath done = awaitEnded(id);
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("COMPLETED");
        String[] reply = done.getString("reply").split(" ");
        assertThat(reply[0]).isEqualTo("accepted");
        String commit = reply[1];
        String branch = reply[2];

        List<Map<String, Object>> results = results(name);
        assertThat(results.get(0)).containsEntry("exit_code", 1);
        assertThat((String) results.get(0).get("stdout")).contains("FAIL: add 2 3 gave -1");
        assertThat(results.get(2)).containsEntry("exit_code", 0);
        String seen = (String) results.get(2).get("stdout");
        assertThat(seen).contains("PASS").doesNotContain(GitRemote.PASSWORD).doesNotContain("extraHeader").doesNotContain("127.0.0.1")
                .doesNotContain("CASTELLAN_ADMIN_TOKEN").doesNotContain("IT_HOOK_SECRET");

        // the executor cannot push by itself: it has no network, and no credentials if it had
        assertThat(results.get(4).get("exit_code")).isNotEqualTo(0);

        // what the remote got: the reviewer's commit, on its own branch, with the fix; main untouched
        assertThat(branch).startsWith("castellan/" + name + "/");
        assertThat(remote.branches(repo)).containsExactlyInAnyOrder("main", branch);
        Path bare = remote.bare(repo);
        assertThat(GitRemote.git(bare, "rev-parse", branch).strip()).isEqualTo(commit);
        assertThat(GitRemote.git(bare, "log", "-1", "--format=%an <%ae>%n%s", branch)).startsWith("Castellan reviewer <reviewer@castellan.invalid>\nFix add");
        assertThat(GitRemote.git(bare, "show", branch + ":calc.sh")).isEqualTo("add() { echo $(($1 + $2)); }\n");
        assertThat(GitRemote.git(bare, "show", "main:calc.sh")).isEqualTo(CALC);

        // the journal holds the executor's intent beside the reviewer's execution, and never the token
        Map<String, Object> verdict = results.get(3);
        @SuppressWarnings("unchecked")
        Map<String, Object> intent = (Map<String, Object>) verdict.get("intent");
        assertThat((String) intent.get("diff")).contains("-add() { echo $(($1 - $2)); }").contains("+add() { echo $(($1 + $2)); }");
        assertThat(intent.get("files")).isEqualTo(List.of("calc.sh"));
        assertThat(((List<?>) intent.get("commands")).stream().map(c -> ((Map<?, ?>) c).get("exit_code")).toList()).isEqualTo(List.of(1, 0));
        @SuppressWarnings("unchecked")
        Map<String, Object> verification = (Map<String, Object>) verdict.get("verification");
        assertThat(verification).containsEntry("command", "sh test.sh").containsEntry("exit_code", 0);
        assertThat((String) verification.get("output_tail")).contains("PASS");
        String journal = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().statusCode(200).extract().asString();
        assertThat(journal).doesNotContain(GitRemote.PASSWORD);
    }

    /** The README's example, on a repository of the server's file system (no credentials): the fix is pushed to it. */
    @Test
    void theReadmesExampleFixesItsTestInALocalRepository() throws IOException {
        String repo = uniqueName("demo");
        remote.seed(repo, Map.of("calc.sh", CALC, "test.sh", TEST));
        String name = uniqueName("fix-a-test");
        String manifest = Files.readString(Path.of("examples", "fix-a-test.yaml"))
                .replace("name: fix-a-test", "name: " + name)
                .replace("/tmp/castellan-demo/calc.git", remote.bare(repo).toString());
        deploy(manifest);
        JsonPath done = awaitEnded(invoke(name, "{}"));
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).startsWith("accepted: commit ").contains(" on castellan/" + name + "/");
        String branch = done.getString("reply").substring(done.getString("reply").lastIndexOf(' ') + 1);
        assertThat(GitRemote.git(remote.bare(repo), "show", branch + ":calc.sh")).isEqualTo("add() { echo $(($1 + $2)); }\n");
    }

    /** review.require_approval: a person sees the verified change before it is pushed; a rejection pushes nothing. */
    @Test
    void aPersonApprovesEachVerifiedChangeBeforeItIsPushed() throws IOException {
        String repo = uniqueName("calc");
        remote.seed(repo, Map.of("calc.sh", CALC, "test.sh", TEST));
        String name = uniqueName("gated");
        deploy("""
                name: %s
                model: scripted
                workspace:
                  repo: %s
                  verify: sh test.sh
                  review: {require_approval: true}
                script:
                  - tool: apply_patch
                    args:
                      patch: |
                %s
                  - {tool: propose_change, args: {message: 'Fix add'}}
                  - {tool: propose_change, args: {message: 'Fix add, again'}}
                  - {reply: 'first: {{#steps.1.error}}{{steps.1.error}}{{/steps.1.error}}; second: {{steps.2.result.verdict}} by {{steps.2.result.approval.by}}'}
                """.formatted(name, remote.bare(repo), FIX.indent(8).stripTrailing()));
        String id = invoke(name, "{}");

        Map<String, Object> first = ApprovalIT.pendingOf(name);
        assertThat(first).containsEntry("tool", "propose_change").containsEntry("step", 1);
        assertThat((String) first.get("summary")).startsWith("push castellan/" + name + "/").contains("Fix add");
        Map<?, ?> details = (Map<?, ?>) first.get("details");
        assertThat((String) ((Map<?, ?>) details.get("intent")).get("diff")).contains("+add() { echo $(($1 + $2)); }");
        assertThat(((Map<?, ?>) details.get("verification")).get("exit_code")).isEqualTo(0);
        assertThat(remote.branches(repo)).as("nothing is pushed before the decision").containsExactly("main");
        admin().contentType(io.restassured.http.ContentType.JSON).body(Map.of("comment", "not on a Friday"))
                .post("/approvals/{id}/reject", first.get("id")).then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> ApprovalIT.pendingOf(name).get("step").equals(2));
        Map<String, Object> second = ApprovalIT.pendingOf(name);
        assertThat(remote.branches(repo)).containsExactly("main");
        admin().contentType(io.restassured.http.ContentType.JSON).body(Map.of("comment", "fine"))
                .post("/approvals/{id}/approve", second.get("id")).then().statusCode(200);
        JsonPath done = awaitEnded(id);
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("first: the call was rejected by admin: not on a Friday; second: accepted by admin");
        String branch = (String) ((Map<?, ?>) second.get("details")).get("branch");
        assertThat(remote.branches(repo)).containsExactlyInAnyOrder("main", branch);
        assertThat(GitRemote.git(remote.bare(repo), "rev-parse", branch).strip()).isEqualTo(((Map<?, ?>) second.get("details")).get("commit"));
    }

    @Test
    void aCancelKillsTheCommandInFlightWithItsSandbox() throws IOException {
        String repo = uniqueName("calc");
        String name = fixer(repo, """
                - {tool: shell, args: {command: 'sleep 100000', timeout: 3600}}
                - {reply: never}
                """);
        String id = invoke(name, "{}");
        await().atMost(Duration.ofSeconds(60)).until(() -> !sandboxesOf(id).isEmpty());
        admin().post("/invocations/{id}/cancel", id).then().statusCode(202);
        JsonPath done = awaitEnded(id);
        assertThat(done.getString("status")).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxesOf(id).isEmpty());
    }

    /** The sandbox processes working in an invocation's workspace. */
    static List<ProcessHandle> sandboxesOf(String invocation) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("bwrap")
                && p.info().commandLine().orElse("").contains(invocation)).toList();
    }

    @Test
    void protectedPathsAndFailingVerificationAreRejectedAndNothingIsPushed() throws IOException {
        String repo = uniqueName("calc");
        String name = fixer(repo, """
                - {tool: write_file, args: {path: .github/workflows/ci.yml, content: 'on: push'}}
                - {tool: propose_change, args: {message: 'add CI'}}
                - {tool: shell, args: {command: 'rm -r .github; echo x > .git/hooks/pre-commit'}}
                - {tool: write_file, args: {path: calc.sh, content: 'add() { echo 4; }'}}
                - {tool: propose_change, args: {message: 'Fix add'}}
                - {tool: propose_change, args: {message: '${secret:GIT_TOKEN}'}}
                - {tool: shell, args: {command: 'mkdir -p vendor/x && git init -q vendor/x'}}
                - {tool: propose_change, args: {message: 'vendor x'}}
                - {reply: '{{steps.1.result.verdict}} {{steps.4.result.verdict}}'}
                """);
        String id = invoke(name, "{}");
        JsonPath done = awaitEnded(id);
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("COMPLETED");
        assertThat(done.getString("reply")).isEqualTo("rejected rejected");
        List<Map<String, Object>> results = results(name);
        assertThat((String) results.get(1).get("reason")).contains(".github/workflows/ci.yml").contains("CI workflows");
        assertThat(results.get(2)).extracting(r -> r.get("exit_code")).isNotEqualTo(0);
        assertThat((String) results.get(2).get("stderr")).contains("Read-only file system");
        Map<String, Object> failed = results.get(4);
        assertThat((String) failed.get("reason")).contains("verification failed");
        assertThat((String) ((Map<?, ?>) failed.get("verification")).get("output_tail")).contains("FAIL: add 2 3 gave 4");
        // a secret is never handed to a workspace tool
        assertThat(journalData(name, "TOOL_ERROR")).singleElement()
                .satisfies(e -> assertThat((String) e.get("error")).contains("secrets are given only to tools that call out"));
        assertThat((String) results.get(6).get("reason")).contains("vendor/x/.git").contains("nested repositories");
        assertThat(remote.branches(repo)).containsExactly("main");
    }
}

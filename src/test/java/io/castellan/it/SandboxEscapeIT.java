package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an executor's {@code shell} cannot do: read the host's secrets, the server's data, another
 * workspace or the server's environment; write outside its workspace or into {@code .git/hooks};
 * reach the server, the broker, a private or the metadata address; outgrow its process, time or
 * output limits. Each attempt is contained, journaled, and the server goes on serving.
 */
class SandboxEscapeIT {

    private static final Path DATA = Path.of(System.getProperty("wlp.dir"), "usr", "servers", "castellan-it", "castellan").toAbsolutePath();

    private static final List<String> ATTEMPTS = List.of(
            "cat /etc/shadow",
            "ls " + DATA,
            "cat " + DATA.resolve("secrets-key"),
            "ls " + DATA.resolve("workspaces"),
            "cat /proc/1/environ | tr '\\\\0' '\\\\n'; cat /proc/self/environ | tr '\\\\0' '\\\\n'",
            "echo x > /usr/escaped; echo x > /escaped; echo x > .git/hooks/post-checkout",
            "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + System.getProperty("it.http.port") + " && echo CONNECTED'",
            "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + System.getProperty("it.broker.port") + " && echo CONNECTED'",
            "bash -c 'exec 3<>/dev/tcp/10.0.0.1/80 && echo CONNECTED'",
            "bash -c 'exec 3<>/dev/tcp/169.254.169.254/80 && echo CONNECTED'",
            "bomb() { bomb | bomb & }; bomb; sleep 5; echo SURVIVED",
            "trap '' TERM; while true; do sleep 1; done",
            "head -c 1073741824 /dev/zero | tr '\\\\0' a",
            "sleep 100000");

    @Test
    void everyEscapeAttemptIsContainedAndTheServerGoesOn() throws Exception {
        String repo = Castellan.uniqueName("escape");
        try (GitRemote remote = new GitRemote(Path.of("target", "git-remote-escape").toAbsolutePath())) {
            remote.seed(repo, Map.of("README", "nothing here\n"));
            StringBuilder script = new StringBuilder();
            for (String attempt : ATTEMPTS) {
                script.append("- {tool: shell, args: {command: \"").append(attempt.replace("\"", "\\\"")).append("\", timeout: 4}}\n");
            }
            // the credentials are given to the reviewer; the repository is cloned with them
            String name = WorkspaceIT.deployWorking(remote, repo, "true", script + "- {reply: done}\n");
            String id = invoke(name, "{}");
            JsonPath done = awaitEnded(id);
            assertThat(done.getString("status")).as(done.prettify()).isEqualTo("COMPLETED");

            List<Map<String, Object>> results = WorkspaceIT.results(name);
            assertThat(results).hasSize(ATTEMPTS.size());
            for (int i = 0; i < 4; i++) {
                assertThat(results.get(i).get("exit_code")).as(ATTEMPTS.get(i)).isNotEqualTo(0);
                assertThat((String) results.get(i).get("stderr")).as(ATTEMPTS.get(i)).contains("No such file or directory");
            }
            String environ = (String) results.get(4).get("stdout");
            assertThat(environ).doesNotContain("CASTELLAN_ADMIN_TOKEN").doesNotContain("IT_HOOK_SECRET").doesNotContain("JAVA_HOME")
                    .doesNotContain(GitRemote.PASSWORD).contains("HOME=/workspace");
            String writes = (String) results.get(5).get("stderr");
            assertThat(writes.split("\n")).hasSize(3).allSatisfy(line -> assertThat(line).contains("Read-only file system"));
            for (int i = 6; i < 10; i++) {
                assertThat((String) results.get(i).get("stdout")).as(ATTEMPTS.get(i)).doesNotContain("CONNECTED");
                // its own network namespace: nothing listens on its loopback, and there is no route out
                assertThat((String) results.get(i).get("stderr")).as(ATTEMPTS.get(i)).containsAnyOf("Network is unreachable", "Connection refused");
            }
            // the bomb hits the process limit; the rest run out of time or output and are killed, all of them
            assertThat((String) results.get(10).get("stderr")).contains("fork");
            assertThat(results.get(11)).containsEntry("timed_out", true).containsEntry("exit_code", 137);
            assertThat(results.get(12)).containsEntry("truncated", true);
            assertThat(((String) results.get(12).get("stdout")).length()).isEqualTo(64 * 1024);
            assertThat(results.get(13)).containsEntry("timed_out", true);

            // nothing of the sandboxes is left running, and the server serves
            assertThat(WorkspaceIT.sandboxesOf(id)).isEmpty();
            admin().get("/processes/{name}", name).then().statusCode(200);
            String other = Castellan.uniqueName("bystander");
            Castellan.deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: still here}\n".formatted(other));
            assertThat(awaitEnded(invoke(other, "{}")).getString("reply")).as("other agents keep running").isEqualTo("still here");
            assertThat(remote.refused()).as("every request of the reviewer carried the credentials").isEmpty();
        }
    }

    /** network.allow: only the named host and port, only through the proxy; the rest is refused and said so in the result. */
    @Test
    void anAllowListLetsOnlyItsHostsThroughTheProxy() throws Exception {
        String repo = Castellan.uniqueName("net");
        try (GitRemote remote = new GitRemote(Path.of("target", "git-remote-net").toAbsolutePath()); Receiver outside = new Receiver()) {
            remote.seed(repo, Map.of("README", "nothing here\n"));
            int port = java.net.URI.create(outside.url("/")).getPort();
            String server = System.getProperty("it.http.port");
            String name = Castellan.uniqueName("netted");
            Castellan.deploy("""
                    name: %s
                    model: scripted
                    workspace:
                      repo: %s
                      verify: 'true'
                      network: {allow: ['127.0.0.1:%d']}
                    script:
                      - {tool: shell, args: {command: 'curl -sS -m 10 http://127.0.0.1:%d/through-proxy'}}
                      - {tool: shell, args: {command: 'curl -sS -m 10 -p http://127.0.0.1:%d/through-tunnel'}}
                      - {tool: shell, args: {command: "curl -s -m 10 -o /dev/null -w '%%{http_code}' http://127.0.0.1:%s/health"}}
                      - {tool: shell, args: {command: "curl -s -m 10 -o /dev/null -w '%%{http_code}' http://169.254.169.254/latest/meta-data/"}}
                      - {tool: shell, args: {command: "bash -c 'exec 3<>/dev/tcp/127.0.0.1/%d && echo CONNECTED'"}}
                      - {reply: done}
                    """.formatted(name, remote.bare(repo), port, port, port, server, port));
            String id = invoke(name, "{}");
            JsonPath done = awaitEnded(id);
            assertThat(done.getString("status")).as(done.prettify()).isEqualTo("COMPLETED");
            List<Map<String, Object>> results = WorkspaceIT.results(name);
            assertThat(results.get(0)).as("an allowed host through the proxy").containsEntry("exit_code", 0);
            assertThat(results.get(1)).as("an allowed host through a CONNECT tunnel").containsEntry("exit_code", 0);
            assertThat(outside.requests()).extracting(Receiver.Request::path).contains("/through-proxy", "/through-tunnel");
            assertThat(results.get(2)).containsEntry("stdout", "403");
            assertThat(results.get(2).get("network_refused")).asString().contains("127.0.0.1:" + server).contains("not in network.allow");
            assertThat(results.get(3)).containsEntry("stdout", "403");
            assertThat(results.get(3).get("network_refused")).asString().contains("169.254.169.254:80");
            assertThat((String) results.get(4).get("stdout")).as("no way around the proxy").doesNotContain("CONNECTED");
            assertThat(outside.requests()).hasSize(2);
        }
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.process;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The castellan CLI jar the build makes, run against the test server: deploying, invoking, asking, the fleet, logs, usage errors. */
class CliIT extends CliSession {

    @Test
    void validateAndDeployPrintFieldErrorsAndDeployOrUpdate() throws IOException {
        String name = uniqueName("cli-deploy");
        String bad = file(name + "-bad.yaml", agent(name).replace("0 5 * * *", "at dawn").replace("model: scripted", "model: gpt"));
        Cli.Result invalid = Cli.run("validate", bad);
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.out()).contains("is not a valid manifest").contains("  model: must be").contains("  triggers[0].cron: ");
        assertThat(invalid.err()).contains("2 field error(s)");
        Cli.Result refused = Cli.run("deploy", bad);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("triggers[0].cron");
        admin().get("/processes/{name}", name).then().statusCode(404);

        String good = file(name + ".yaml", agent(name));
        assertThat(Cli.run("validate", good)).satisfies(r -> {
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("is valid: process " + name);
        });
        assertThat(Cli.run("deploy", good)).satisfies(r -> {
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("deployed " + name + " (version 1, RUNNING)");
        });
        Cli.Result again = Cli.run("deploy", good, "-o", "json");
        assertThat(again.exit()).isZero();
        assertThat(new JsonPath(again.out()).getInt("version")).isEqualTo(2);
        assertThat(process(name).getInt("version")).isEqualTo(2);
        assertThat(Cli.run("deploy", good).out()).contains(name + ": version 3 replaces version 2 (RUNNING;");

        Cli.Result missing = Cli.run("deploy", files.resolve("nowhere.yaml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("No such file");
    }

    @Test
    void invokeWaitsForTheReplyAndItsExitCodeSaysHowItEnded() {
        String name = uniqueName("cli-invoke");
        deploy(agent(name));
        Cli.Result done = Cli.run("invoke", name, "--data", "{\"who\": \"cli\"}", "--wait");
        assertThat(done.exit()).isZero();
        assertThat(done.out()).contains("COMPLETED").contains("Hello cli");

        Cli.Result queued = Cli.run("invoke", name, "-o", "json");
        assertThat(queued.exit()).isZero();
        String id = new JsonPath(queued.out()).getString("id");
        assertThat(awaitEnded(id).getString("process")).isEqualTo(name);

        String failing = uniqueName("cli-fail");
        // two tool steps where one is allowed: the invocation fails
        deploy("name: %s\nmodel: scripted\ntools: [state_get]\nmax_steps: 1\nmax_consecutive_failures: 5\nscript:\n"
                .formatted(failing) + "  - {tool: state_get, args: {key: a}}\n  - {tool: state_get, args: {key: b}}\n  - {reply: x}\n");
        Cli.Result failed = Cli.run("invoke", failing, "--wait");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).contains("FAILED").contains("error: ");

        Cli.Result notJson = Cli.run("invoke", name, "--data", "[1, 2]");
        assertThat(notJson.exit()).isEqualTo(2);
        assertThat(notJson.err()).contains("--data must be a JSON object");

        Cli.Result unknown = Cli.run("invoke", uniqueName("nobody"));
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("Error: Not found: process '");
    }

    @Test
    void askPrintsTheAnswerAndExitsOneWhenItDoesNotMatch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        String name = uniqueName("cli-ask");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: '{\"n\": 7, \"q\": \"{{trigger.payload.question}}\"}'}\n".formatted(name));
        Cli.Result answered = Cli.run("ask", name, "how many?");
        assertThat(answered.exit()).isZero();
        assertThat(answered.out()).contains("\"n\": 7").contains("how many?");

        java.nio.file.Path integer = dir.resolve("integer.json");
        java.nio.file.Files.writeString(integer, "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\"}}}");
        Cli.Result typed = Cli.run("ask", name, "q", "--schema", integer.toString(), "-o", "json");
        assertThat(typed.exit()).isZero();
        assertThat(new JsonPath(typed.out()).getInt("answer.n")).isEqualTo(7);

        java.nio.file.Path text = dir.resolve("text.json");
        java.nio.file.Files.writeString(text, "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"string\"}}}");
        Cli.Result mismatch = Cli.run("ask", name, "q", "--schema", text.toString());
        assertThat(mismatch.exit()).isEqualTo(1);
        assertThat(mismatch.out()).startsWith("error: ").contains("does not match the schema");

        Cli.Result notJson = Cli.run("ask", name, "q", "--schema", integer.toString().replace("integer", "missing"));
        assertThat(notJson.exit()).isEqualTo(2);
        assertThat(notJson.err()).contains("cannot be read");
    }

    @Test
    void psAndDescribeShowTheFleetAndOneProcess() {
        String name = uniqueName("cli-ps");
        deploy(agent(name));
        String id = invoke(name, "{\"who\": \"ps\"}");
        awaitEnded(id);

        Cli.Result ps = Cli.run("ps");
        assertThat(ps.exit()).isZero();
        assertThat(ps.out().lines().findFirst().orElseThrow()).startsWith("NAME").contains("STATE", "LAST INVOCATION", "COST TODAY", "HEALTH");
        assertThat(ps.out().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow())
                .contains("RUNNING", "cron 0 5 * * *", "COMPLETED", "disabled");
        Cli.Result psJson = Cli.run("ps", "-o", "json");
        assertThat(new JsonPath(psJson.out()).getString("find { it.name == '" + name + "' }.last_invocation.id")).isEqualTo(id);

        Cli.Result describe = Cli.run("describe", name);
        assertThat(describe.exit()).isZero();
        assertThat(describe.out()).contains("State:", "RUNNING", "Greets whoever asks", "Invocations today: 1", id, "COMPLETED")
                .containsPattern("greeted\\s+ps");
        Cli.Result describeJson = Cli.run("describe", name, "-o", "json");
        assertThat(new JsonPath(describeJson.out()).getString("invocations[0].id")).isEqualTo(id);
    }

    @Test
    void lifecycleCommandsChangeTheStateAndARefusedOneExitsWithTheProblem() {
        String name = uniqueName("cli-life");
        deploy(agent(name));
        assertThat(Cli.run("pause", name).out()).contains(name + ": PAUSED");
        assertThat(process(name).getString("state")).isEqualTo("PAUSED");
        assertThat(Cli.run("resume", name).out()).contains(name + ": RUNNING");
        assertThat(Cli.run("stop", name).out()).contains(name + ": STOPPED");
        assertThat(process(name).getString("state")).isEqualTo("STOPPED");

        Cli.Result refused = Cli.run("pause", name);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("Error: ").contains("STOPPED");

        assertThat(Cli.run("start", name).out()).contains(name + ": RUNNING");
        assertThat(process(name).getString("state")).isEqualTo("RUNNING");
    }

    @Test
    void logsPrintsTheTailAndFollowsNewEntriesLive() {
        String name = uniqueName("cli-logs");
        deploy(agent(name));
        String first = invoke(name, "{\"who\": \"first\"}");
        awaitEnded(first);

        Cli.Result tail = Cli.run("logs", name, "-n", "3");
        assertThat(tail.exit()).isZero();
        assertThat(tail.out().lines().toList()).hasSize(3).last().asString().contains("INVOCATION_COMPLETED", shortId(first));

        try (Cli.Running follow = Cli.follow("logs", name, "-f", "-n", "1")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> follow.lines().size() == 1);
            String second = invoke(name, "{\"who\": \"second\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> follow.lines().stream()
                    .anyMatch(l -> l.contains("INVOCATION_COMPLETED") && l.contains(shortId(second))));
            List<String> seen = follow.lines();
            assertThat(seen.stream().filter(l -> l.contains(shortId(second))).map(l -> l.trim().split("\\s+")[2]).toList())
                    .containsSubsequence("TRIGGER_RECEIVED", "INVOCATION_STARTED", "STATE_CHANGED", "INVOCATION_COMPLETED");
            assertThat(seen.stream().map(l -> l.trim().split("\\s+")[0]).distinct().count()).isEqualTo(seen.size());
        }
    }

    /** How the CLI shows an invocation: its last 8 characters (its first are the time it was made: version 7 UUIDs). */
    private static String shortId(String invocation) {
        return invocation.substring(invocation.length() - 8);
    }

    @Test
    void usageErrorsExitWithTwoAndAnUnreachableServerWithOne() {
        Cli.Result none = Cli.run();
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("Name a command", "castellan --help");
        assertThat(Cli.run("no-such-command").exit()).isEqualTo(2);
        assertThat(Cli.run("ps", "-o", "yaml").exit()).isEqualTo(2);
        Cli.Result help = Cli.run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("deploy", "logs", "dead-letters", "Exit codes");

        Cli.Result unreachable = Cli.run("ps", "--url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("Error: cannot reach Castellan at http://127.0.0.1:1").contains("nothing answered there").doesNotContain("Exception");
    }

    /** Options before the command or after it, --help on every command, a missing token in one line. */
    @Test
    void optionsGoAnywhereAndEveryCommandHasHelp() {
        String name = uniqueName("cli-anywhere");
        deploy(agent(name));
        Cli.Result before = Cli.runAs(null, "--token", Castellan.ADMIN_TOKEN, "-o", "json", "ps");
        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(before.out().strip()).startsWith("[").contains("\"" + name + "\"");
        assertThat(Cli.runAs(null, "--url", "http://127.0.0.1:1", "--token", "x", "ps").err()).startsWith("Error: cannot reach Castellan at http://127.0.0.1:1");
        for (String[] command : List.of(new String[] {"ps", "--help"}, new String[] {"state", "get", "--help"},
                new String[] {"dead-letters", "discard", "--help"}, new String[] {"secrets", "set", "--help"})) {
            Cli.Result help = Cli.run(command);
            assertThat(help.exit()).as(String.join(" ", command)).isZero();
            assertThat(help.out()).startsWith("Usage: castellan " + command[0]);
        }
        Cli.Result noToken = Cli.runAs(null, "ps");
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err().lines().toList()).containsExactly("Error: No API token: set CASTELLAN_TOKEN or pass --token",
                "Run 'castellan ps --help' for its usage.");
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitDeadLetter;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deadLetterOfStopped;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.process;
import static io.castellan.it.Castellan.sendTrigger;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The castellan CLI jar the build makes, run against the test server: each command's output and exit code. */
class CliIT {

    @TempDir
    static Path files;

    static String agent(String name) {
        return """
                name: %s
                description: Greets whoever asks
                model: scripted
                tools: [state_set]
                triggers: [{cron: "0 5 * * *"}]
                script:
                  - {tool: state_set, args: {key: greeted, value: "{{trigger.payload.who}}"}}
                  - reply: "Hello {{trigger.payload.who}}"
                """.formatted(name);
    }

    static String file(String name, String text) throws IOException {
        return Files.writeString(files.resolve(name), text).toString();
    }

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
    void approvalsAreListedAndDecidedFromTheCommandLine() {
        String name = uniqueName("cli-approve");
        deploy(ApprovalIT.requesting(name, ""));
        String approved = invoke(name, "{\"what\": \"one\"}");
        String approval = (String) ApprovalIT.pendingOf(name).get("id");
        Cli.Result listed = Cli.run("approvals", "--process", name);
        assertThat(listed.exit()).isZero();
        assertThat(listed.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("PROCESS", "STATE", "EXPIRES", "SUMMARY");
        assertThat(listed.out()).contains(approval, "pending", "ship one?");

        Cli.Result rejectWithoutWhy = Cli.run("reject", approval);
        assertThat(rejectWithoutWhy.exit()).isEqualTo(2);
        assertThat(rejectWithoutWhy.err()).contains("--comment");
        Cli.Result approve = Cli.run("approve", approval, "-m", "fine by me");
        assertThat(approve.exit()).isZero();
        assertThat(approve.out()).contains(approval + ": approved by ");
        assertThat(awaitEnded(approved).getString("reply")).endsWith(": fine by me").startsWith("approved by ");
        admin().get("/approvals/{id}", approval).then().statusCode(200).body("decided_via", org.hamcrest.Matchers.equalTo("cli"));
        Cli.Result again = Cli.run("approve", approval);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("decided once");

        String rejected = invoke(name, "{\"what\": \"two\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> Cli.run("approvals", "--process", name, "-o", "json").out().contains("ship two?"));
        String second = (String) ApprovalIT.pendingOf(name).get("id");
        assertThat(Cli.run("reject", second, "-m", "too risky").exit()).isZero();
        assertThat(awaitEnded(rejected).getString("reply")).endsWith(": too risky").startsWith("rejected by ");
        assertThat(Cli.run("approvals", "--process", name, "--state", "all").out()).contains("approved", "rejected");
    }

    @Test
    void auditListsTheActionsOnAProcessForAnAdminOnly() {
        String name = uniqueName("cli-audit");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: ok}\n".formatted(name));
        Cli.Result paused = Cli.run("pause", name);
        assertThat(paused.exit()).as(paused.err()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> Cli.run("audit", "--process", name).out().contains("/pause"));
        Cli.Result audit = Cli.run("audit", "--process", name);
        assertThat(audit.out().lines().findFirst().orElseThrow()).startsWith("AT").contains("TOKEN", "ENTRY", "ACTION", "STATUS");
        assertThat(audit.out()).contains("POST /processes/" + name + "/pause", "cli", "POST /processes ");
        Cli.Result refused = Cli.runAs(Castellan.tokenWithRole("operator"), "audit");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("admin");
    }

    @Test
    void sendPutsAMessageInTheInbox() {
        String name = uniqueName("cli-send");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: 'heard:{{#inbox}} [{{priority}}] {{message}};{{/inbox}}'}\n".formatted(name));
        Cli.Result sent = Cli.run("send", name, "check the disk", "--priority", "high", "--ttl", "2h");
        assertThat(sent.exit()).isZero();
        assertThat(sent.out()).startsWith("sent ").contains(" to " + name + " (high, expires ");
        Cli.Result refused = Cli.run("send", name, "x", "--ttl", "9d");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("ttl");
        assertThat(awaitEnded(invoke(name, "{}")).getString("reply")).isEqualTo("heard: [high] check the disk;");
    }

    @Test
    void memoryIsListedSearchedStoredAndForgotten() {
        String name = uniqueName("cli-memory");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: ok}\n".formatted(name));
        Cli.Result stored = Cli.run("memory", name, "remember", "The", "nightly", "backup", "ran", "out", "of", "disk", "--tag", "ops");
        assertThat(stored.exit()).isZero();
        assertThat(stored.out()).startsWith("remembered ");
        String id = stored.out().strip().substring("remembered ".length());
        assertThat(Cli.run("memory", name, "remember", "Lunch is at noon on Fridays").exit()).isZero();
        Cli.Result found = Cli.run("memory", name, "search", "storage", "filled", "up", "--limit", "1");
        assertThat(found.out()).contains("SCORE", id, "ops", "The nightly backup ran out of disk").doesNotContain("Lunch");
        assertThat(Cli.run("memory", name).out()).contains("Lunch is at noon", "nightly backup");
        assertThat(Cli.run("memory", name, "forget", id).out()).isEqualTo("forgot " + id + "\n");
        assertThat(Cli.run("memory", name).out()).doesNotContain("nightly backup");
        Cli.Result bad = Cli.run("memory", name, "search");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("needs some text");
    }

    @Test
    void forkAndRewindTakeAProcessBackToAPoint() {
        String name = uniqueName("cli-fork");
        deploy(RewindIT.agent(name));
        String first = invoke(name, "{\"k\": \"last\", \"v\": \"one\"}");
        awaitEnded(first);
        awaitEnded(invoke(name, "{\"k\": \"last\", \"v\": \"two\"}"));
        Cli.Result forked = Cli.run("fork", name, first, name + "-then");
        assertThat(forked.exit()).isZero();
        assertThat(forked.out()).startsWith(name + "-then: forked from " + name + " at " + first);
        assertThat(ForkIT.stateOf(name + "-then")).containsOnly(java.util.Map.entry("last", "one"));

        Cli.Result running = Cli.run("rewind", name, first);
        assertThat(running.exit()).isEqualTo(1);
        assertThat(running.err()).contains("must be paused");
        assertThat(Cli.run("pause", name).exit()).isZero();
        Cli.Result rewound = Cli.run("rewind", name, first);
        assertThat(rewound.out()).startsWith(name + ": rewound to invocation " + first + ": 1 state keys written back, 0 removed");
        assertThat(ForkIT.stateOf(name)).containsOnly(java.util.Map.entry("last", "one"));
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
    void stateGetSetAndHistory() {
        String name = uniqueName("cli-state");
        deploy(agent(name));
        awaitEnded(invoke(name, "{\"who\": \"agent\"}"));

        assertThat(Cli.run("state", "get", name, "greeted").out().strip()).isEqualTo("agent");
        assertThat(Cli.run("state", "set", name, "greeted", "operator").out()).contains("greeted = operator");
        assertThat(Cli.run("state", "set", name, "limits", "{\"max\": 3}").exit()).isZero();
        assertThat(admin().get("/processes/{name}/state/limits", name).then().extract().<Integer>path("value.max")).isEqualTo(3);

        Cli.Result history = Cli.run("state", "history", name, "greeted");
        List<String> lines = history.out().lines().toList();
        assertThat(lines.get(0)).startsWith("AT").contains("SOURCE", "VALUE");
        assertThat(lines.get(1)).contains("agent:").endsWith("agent");
        assertThat(lines.get(2)).contains("api:admin").endsWith("operator");

        Cli.Result all = Cli.run("state", "get", name);
        assertThat(all.out()).containsPattern("greeted\\s+operator").containsPattern("limits\\s+\\{\"max\":3\\}");

        Cli.Result missing = Cli.run("state", "get", name, "nothing-here");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("Error: Not found");
        assertThat(Cli.run("state", "set", name).exit()).isEqualTo(2);
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
    void tokensCreateOneARoleLimits() {
        String tokenName = uniqueName("cli-viewer");
        Cli.Result created = Cli.run("tokens", "create", tokenName, "--role", "viewer");
        assertThat(created.exit()).isZero();
        String secret = created.out().lines().toList().get(1).strip();
        assertThat(secret).startsWith("cst_");

        String name = uniqueName("cli-token");
        deploy(agent(name));
        assertThat(Cli.runAs(secret, "ps").out()).contains(name);
        Cli.Result forbidden = Cli.runAs(secret, "pause", name);
        assertThat(forbidden.exit()).isEqualTo(1);
        assertThat(forbidden.err()).startsWith("Error: Forbidden: This needs the operator role");

        assertThat(Cli.run("tokens", "list").out()).containsPattern(tokenName + "\\s+viewer");
        assertThat(Cli.run("tokens", "delete", tokenName).out()).contains("token " + tokenName + " revoked");
        assertThat(Cli.runAs(secret, "ps").exit()).isEqualTo(1);
        assertThat(Cli.run("tokens").exit()).isEqualTo(2);

        Cli.Result badRole = Cli.run("tokens", "create", uniqueName("t"), "--role", "root");
        assertThat(badRole.exit()).isEqualTo(2);
        Cli.Result noToken = Cli.runAs(null, "ps");
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err()).contains("CASTELLAN_TOKEN");
        Cli.Result unknownToken = Cli.runAs("cst_not-a-token", "ps");
        assertThat(unknownToken.exit()).isEqualTo(1);
        assertThat(unknownToken.err()).startsWith("Error: Unauthorized");
    }

    @Test
    void deadLettersAreListedAndReplayed() {
        String name = uniqueName("cli-dlq");
        String id = (String) deadLetterOfStopped(name, 5).get("id");

        Cli.Result list = Cli.run("dead-letters");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow()).contains(name, "STOPPED");

        admin().post("/processes/{name}/start", name).then().statusCode(200);
        Cli.Result replayed = Cli.run("dead-letters", "replay", id);
        assertThat(replayed.exit()).isZero();
        assertThat(replayed.out()).contains("replayed " + id + ": the message is on castellan.triggers again");
        String invocationId = Castellan.awaitAnInvocation(name);
        assertThat(awaitEnded(invocationId).getString("reply")).isEqualTo("got 5");
        assertThat(Cli.run("dead-letters").out()).doesNotContain(id);
        assertThat(Cli.run("dead-letters", "replay", id).exit()).isEqualTo(1);
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

    /** What an operator does in the API, the CLI does too: delete, cancel, secrets, usage, discarding a dead letter. */
    @Test
    void deleteCancelSecretsUsageAndDiscard() {
        String name = uniqueName("cli-ops");
        deploy("""
                name: %s
                model: scripted
                tools: [wait]
                secrets: {API_KEY: {}}
                script: [{tool: wait, args: {seconds: 600}}, {reply: late}]
                """.formatted(name));
        String id = invoke(name, "{}");
        await().atMost(Duration.ofSeconds(60)).until(() -> "WAITING".equals(invocation(id).getString("status")));
        Cli.Result cancelled = Cli.run("cancel", id);
        assertThat(cancelled.exit()).as(cancelled.err()).isZero();
        assertThat(awaitEnded(id).getString("status")).isEqualTo("CANCELLED");

        Cli.Result set = Cli.runWithInput("s3cret-value\n", "secrets", "set", name, "API_KEY");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("secret API_KEY of " + name + " set").doesNotContain("s3cret-value");
        assertThat(Cli.run("secrets", "list", name).out()).containsPattern("API_KEY\\s+yes").doesNotContain("s3cret-value");
        assertThat(Cli.run("secrets", "set", name, "API_KEY").exit()).isEqualTo(1);

        Cli.Result usage = Cli.run("usage", name);
        assertThat(usage.exit()).as(usage.err()).isZero();
        assertThat(usage.out()).contains("total: 0 calls");

        assertThat(Cli.run("delete", name).out()).contains("deleted " + name);
        admin().get("/processes/{name}", name).then().statusCode(404);
        assertThat(Cli.run("delete", name).exit()).isEqualTo(1);

        String stopped = uniqueName("cli-discard");
        deploy("name: %s\nmodel: scripted\nstart: false\nscript: [{reply: x}]\n".formatted(stopped));
        sendTrigger(stopped, "{}");
        String letter = (String) awaitDeadLetter("process", stopped).get("id");
        assertThat(Cli.run("dead-letters", "discard", letter).out()).contains("discarded " + letter);
        assertThat(Cli.run("dead-letters").out()).doesNotContain(letter);
    }

    @Test
    void historyDiffAndRollbackFromTheCommandLine() throws IOException {
        String name = uniqueName("cli-history");
        assertThat(Cli.run("deploy", file(name + "-1.yaml", VersionsIT.agent(name, "one")), "-m", "the first").exit()).isZero();
        assertThat(Cli.run("deploy", file(name + "-2.yaml", VersionsIT.agent(name, "two")), "--reason", "the second").exit()).isZero();
        Cli.Result history = Cli.run("history", name);
        assertThat(history.exit()).isZero();
        assertThat(history.out()).contains("2 (current)").contains("the second").contains("the first").contains("api:admin");
        Cli.Result diff = Cli.run("diff", name, "1", "2");
        assertThat(diff.out()).contains("-  - {reply: 'one'}").contains("+  - {reply: 'two'}");
        Cli.Result rolled = Cli.run("rollback", name, "1");
        assertThat(rolled.exit()).isZero();
        assertThat(rolled.out()).contains("version 3 (the manifest of version 1)");
        Cli.Result bad = Cli.run("rollback", name, "3");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.out() + bad.err()).contains("current version");
    }
}

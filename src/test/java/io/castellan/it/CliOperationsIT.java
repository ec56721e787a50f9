package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitDeadLetter;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deadLetterOfStopped;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invocation;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.sendTrigger;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The castellan CLI jar against the test server: approvals, audit, the inbox, memory, state, tokens, dead letters, versions, secrets. */
class CliOperationsIT extends CliSession {

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

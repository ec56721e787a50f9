package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cron triggers across kill -9. A minute's triggers accepted for paused processes wait in the
 * database, their journal receipts still to be written (a cron batch leaves them to the start:
 * TriggerReceipts). The server is killed, started again, and the processes resumed: each trigger
 * runs exactly once, and its invocation's journal begins with exactly one receipt, which says when
 * the trigger was accepted.
 */
class CronAcrossKillIT {

    private static final int PROCESSES = 10;

    @Test
    void aMinutesTriggersAcceptedBeforeAKillRunOnceAfterIt() throws Exception {
        OwnServer.upAndReady();
        String token = OwnServer.generatedAdminToken();
        List<String> names = new ArrayList<>();
        for (int n = 0; n < PROCESSES; n++) {
            String name = Castellan.uniqueName("cron-kill");
            OwnServer.api(token).contentType("application/yaml").body("""
                    name: %s
                    model: scripted
                    script: [{reply: "tick {{trigger.payload.fired_at}}"}]
                    triggers: [{cron: "* * * * *"}]
                    """.formatted(name)).post("/processes").then().statusCode(201);
            OwnServer.api(token).post("/processes/{name}/pause", name).then().statusCode(200);
            names.add(name);
        }
        // the next minute's triggers accepted: each paused process holds its cron invocation
        await().atMost(Duration.ofSeconds(90)).until(() -> names.stream().allMatch(n -> !cronInvocations(token, n).isEmpty()));

        OwnServer.killMinus9();
        OwnServer.startAndAwaitReady();
        for (String name : names) {
            OwnServer.api(token).post("/processes/{name}/resume", name).then().statusCode(200);
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> names.stream().allMatch(n -> {
            List<Map<String, Object>> invocations = cronInvocations(token, n);
            return !invocations.isEmpty() && invocations.stream().allMatch(i -> "COMPLETED".equals(i.get("status")));
        }));
        for (String name : names) {
            List<Map<String, Object>> invocations = cronInvocations(token, name);
            assertThat(invocations).extracting(i -> ((Map<?, ?>) ((Map<?, ?>) i.get("trigger")).get("payload")).get("fired_at"))
                    .as("one invocation a minute").doesNotHaveDuplicates();
            List<Map<String, Object>> journal = OwnServer.api(token).queryParam("limit", 1000).get("/processes/{name}/journal", name)
                    .then().statusCode(200).extract().path("items");
            for (Map<String, Object> invocation : invocations) {
                List<Map<String, Object>> entries = journal.stream().filter(e -> invocation.get("id").equals(e.get("invocationId"))).toList();
                assertThat(entries).extracting(e -> e.get("type")).as(name)
                        .startsWith("TRIGGER_RECEIVED", "INVOCATION_STARTED").endsWith("INVOCATION_COMPLETED")
                        .filteredOn("TRIGGER_RECEIVED"::equals).hasSize(1);
                assertThat(entries).extracting(e -> e.get("type")).filteredOn("INVOCATION_COMPLETED"::equals).hasSize(1);
                Map<?, ?> receipt = (Map<?, ?>) entries.get(0).get("data");
                assertThat(Instant.parse((String) receipt.get("queued_at"))).isEqualTo(Instant.parse((String) invocation.get("queued_at")));
            }
            List<Integer> seqs = journal.stream().map(e -> (Integer) e.get("seq")).toList();
            assertThat(seqs).as("the journal of " + name + " without gaps").doesNotHaveDuplicates().isSorted();
            assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).isEqualTo(seqs.size() - 1);
        }
    }

    private static List<Map<String, Object>> cronInvocations(String token, String name) {
        return OwnServer.api(token).get("/processes/{name}/invocations", name).then().statusCode(200).extract()
                .path("items.findAll { it.trigger.kind == 'cron' }");
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cron trigger wakes the process on its schedule: its tick accepted by a cron batch as an
 * invocation with its {@code TRIGGER_RECEIVED} entry first, in a journal without gaps (run in the
 * PostgreSQL pass as well).
 */
class CronTriggerIT {

    @Test
    void aMinutelyScheduleWakesTheProcess() {
        String name = uniqueName("cron");
        deploy("""
                name: %s
                model: scripted
                script: [{reply: "tick {{trigger.payload.fired_at}}"}]
                triggers: [{cron: "* * * * *"}]
                """.formatted(name));

        await().atMost(Duration.ofSeconds(90)).until(() -> !completedCron(name).isEmpty());

        Map<String, Object> first = completedCron(name).get(0);
        String firedAt = (String) ((Map<?, ?>) ((Map<?, ?>) first.get("trigger")).get("payload")).get("fired_at");
        assertThat(firedAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z");
        assertThat(first.get("reply")).isEqualTo("tick " + firedAt);

        List<Map<String, Object>> journal = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().extract()
                .path("items");
        List<Map<String, Object>> entries = journal.stream().filter(e -> first.get("id").equals(e.get("invocationId"))).toList();
        assertThat(entries).extracting(e -> e.get("type"))
                .containsSubsequence("TRIGGER_RECEIVED", "INVOCATION_STARTED", "INVOCATION_COMPLETED").first().isEqualTo("TRIGGER_RECEIVED");
        Map<?, ?> received = (Map<?, ?>) entries.get(0).get("data");
        assertThat(received.get("kind")).isEqualTo("CRON");
        assertThat(((Map<?, ?>) received.get("payload")).get("fired_at")).isEqualTo(firedAt);
        // the sequence numbers the batch gave out are the journal's next ones: no gap, no repeat
        List<Integer> seqs = journal.stream().map(e -> (Integer) e.get("seq")).toList();
        assertThat(seqs).doesNotHaveDuplicates().isSorted();
        assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).isEqualTo(seqs.size() - 1);
    }

    private static List<Map<String, Object>> completedCron(String name) {
        return admin().queryParam("status", "COMPLETED").get("/processes/{name}/invocations", name)
                .then().extract().path("items.findAll { it.trigger.kind == 'cron' }");
    }
}

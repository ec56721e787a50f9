package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cron trigger is a persistent calendar timer that wakes the process on its schedule. */
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

        List<String> replies = completedCron(name);
        assertThat(replies.get(0)).matches("tick \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z");
    }

    private static List<String> completedCron(String name) {
        return admin().queryParam("status", "COMPLETED").get("/processes/{name}/invocations", name)
                .then().extract().path("items.findAll { it.trigger.kind == 'cron' }.reply");
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** restart_policy: the supervisor brings a FAILED process back, with backoff, and knows when to give up. */
class SupervisorIT {

    /** Fails every invocation: it wants two model turns but may take one. */
    static String failingAgent(String name, String policy) {
        return """
                name: %s
                model: scripted
                tools: [state_get]
                max_steps: 1
                max_consecutive_failures: 1
                restart_policy: %s
                max_restarts: 2
                restart_backoff: 1s
                script:
                  - {tool: state_get, args: {key: x}}
                  - {reply: never}
                """.formatted(name, policy);
    }

    static String state(String name) {
        return admin().get("/processes/{name}", name).then().statusCode(200).extract().path("state");
    }

    static List<Map<String, Object>> restarts(String name) {
        return admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().extract()
                .path("items.findAll { it.type == 'PROCESS_RESTART_SCHEDULED' }.data");
    }

    @Test
    void restartsWithGrowingBackoffThenGivesUp() {
        String name = uniqueName("supervised");
        deploy(failingAgent(name, "on_failure"));

        for (int restart = 1; restart <= 2; restart++) {
            assertThat(awaitEnded(invoke(name, "{}")).getString("status")).isEqualTo("FAILED");
            int expected = restart;
            await().atMost(Duration.ofSeconds(30)).until(() -> restarts(name).size() == expected && "RUNNING".equals(state(name)));
        }
        assertThat(restarts(name)).extracting(r -> r.get("in_ms")).containsExactly(1000, 2000);

        assertThat(awaitEnded(invoke(name, "{}")).getString("status")).isEqualTo("FAILED");
        await().atMost(Duration.ofSeconds(30)).until(() -> restarts(name).size() == 3);
        assertThat(restarts(name).get(2)).containsEntry("gave_up", true);
        assertThat(state(name)).isEqualTo("FAILED");
        List<String> actors = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().extract()
                .path("items.findAll { it.type == 'PROCESS_STATE_CHANGED' && it.data.to == 'RUNNING' }.data.by");
        assertThat(actors).hasSize(2).allSatisfy(a -> assertThat(a).startsWith("castellan: restart policy"));
    }

    @Test
    void neverLeavesAFailedProcessAlone() {
        String name = uniqueName("unsupervised");
        deploy(failingAgent(name, "never"));

        awaitEnded(invoke(name, "{}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(state(name)));
        assertThat(restarts(name)).isEmpty();
    }
}

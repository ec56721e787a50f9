package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fleet view: every process at a glance, once and as a live stream. */
class FleetIT {

    static String agent(String name, String extra) {
        return """
                name: %s
                model: scripted
                tools: [state_set]
                triggers: [{cron: "0 3 * * *"}]
                script:
                  - {tool: state_set, args: {key: k, value: 1}}
                  - reply: done
                %s
                """.formatted(name, extra);
    }

    /** The path of one process's entry in the fleet view. */
    static String entry(String name) {
        return "items.find { it.name == '" + name + "' }.";
    }

    @Test
    void theFleetShowsEachProcessWithItsDayAndBudget() {
        String busy = uniqueName("fleet-busy");
        String idle = uniqueName("fleet-idle");
        deploy(agent(busy, "budget: {max_daily_cost: 10, tool_costs: {state_set: 0.5}}\nhealth: {stuck_threshold: 5}"));
        deploy(agent(idle, ""));
        String id = invoke(busy, "{}");
        awaitEnded(id);

        JsonPath fleet = admin().get("/fleet").then().statusCode(200).extract().jsonPath();
        String at = entry(busy);
        assertThat(fleet.getString(at + "state")).isEqualTo("RUNNING");
        assertThat(fleet.getList(at + "triggers")).containsExactly("cron 0 3 * * *");
        assertThat(fleet.getString(at + "last_invocation.id")).isEqualTo(id);
        assertThat(fleet.getString(at + "last_invocation.status")).isEqualTo("COMPLETED");
        assertThat(fleet.getLong(at + "last_invocation.duration_ms")).isNotNegative();
        assertThat(fleet.getInt(at + "invocations_today")).isEqualTo(1);
        assertThat(new BigDecimal(fleet.getString(at + "cost_today_usd"))).isEqualByComparingTo("0.5");
        assertThat(new BigDecimal(fleet.getString(at + "daily_cost_limit"))).isEqualByComparingTo("10");
        assertThat(fleet.getString(at + "health")).isEqualTo("healthy");
        assertThat(fleet.getString(entry(idle) + "last_invocation")).isNull();
        assertThat(fleet.getInt(entry(idle) + "invocations_today")).isZero();
        assertThat(fleet.getString(entry(idle) + "health")).isEqualTo("disabled");
        Castellan.api(null).get("/fleet").then().statusCode(401);
    }

    @Test
    void theFleetStreamSendsEveryProcessThenWhatChanges() throws Exception {
        String name = uniqueName("fleet-live");
        deploy(agent(name, ""));
        try (EventStream stream = EventStream.open("/fleet/stream", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().stream()
                    .anyMatch(e -> "process".equals(e.name()) && name.equals(e.data().getString("name"))));

            admin().post("/processes/{name}/pause", name).then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().stream()
                    .anyMatch(e -> name.equals(e.data().getString("name")) && "PAUSED".equals(e.data().getString("state"))));

            admin().delete("/processes/{name}", name).then().statusCode(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().stream()
                    .anyMatch(e -> "removed".equals(e.name()) && name.equals(e.data().getString("name"))));
            assertThat(stream.events().stream().filter(e -> name.equals(e.data().getString("name")) && "process".equals(e.name())).count())
                    .as("an unchanged process is not sent again").isEqualTo(2);
        }
    }

    @Test
    void activityListsEveryDayWithItsInvocationsAndCost() {
        String name = uniqueName("fleet-activity");
        deploy(agent(name, "budget: {tool_costs: {state_set: 0.25}}"));
        awaitEnded(invoke(name, "{}"));
        awaitEnded(invoke(name, "{}"));

        JsonPath activity = admin().get("/processes/{name}/activity?days=7", name).then().statusCode(200).extract().jsonPath();
        assertThat(activity.getList("days")).hasSize(7);
        assertThat(activity.getString("days[6].date")).isEqualTo(activity.getString("to"));
        assertThat(activity.getInt("days[6].invocations")).isEqualTo(2);
        assertThat(activity.getInt("days[6].completed")).isEqualTo(2);
        assertThat(activity.getInt("days[6].failed")).isZero();
        assertThat(new BigDecimal(activity.getString("days[6].cost_usd"))).isEqualByComparingTo("0.5");
        assertThat(activity.getInt("days[0].invocations")).isZero();

        admin().get("/processes/{name}/activity?days=0", name).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("days"));
        admin().get("/processes/{name}/activity?days=many", name).then().statusCode(400);
        admin().get("/processes/{name}/activity", uniqueName("nobody")).then().statusCode(404);
    }
}

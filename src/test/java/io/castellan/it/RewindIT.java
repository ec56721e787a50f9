package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rewind: a paused process's state set back to a point, as new changes; its history keeps the rest. */
class RewindIT {

    static String agent(String name) {
        return """
                name: %s
                model: scripted
                tools: [state_set]
                script:
                  - {tool: state_set, args: {key: '{{trigger.payload.k}}', value: '{{trigger.payload.v}}'}}
                  - {reply: 'set {{trigger.payload.k}}'}
                """.formatted(name);
    }

    @Test
    void aPausedProcessIsSetBackToAPointAndItsHistoryKeepsTheRest() {
        String name = uniqueName("rewind");
        deploy(agent(name));
        String first = invoke(name, "{\"k\": \"last\", \"v\": \"one\"}");
        awaitEnded(first);
        awaitEnded(invoke(name, "{\"k\": \"last\", \"v\": \"two\"}"));
        awaitEnded(invoke(name, "{\"k\": \"extra\", \"v\": \"x\"}"));
        assertThat(ForkIT.stateOf(name)).containsOnly(Map.entry("last", "two"), Map.entry("extra", "x"));

        admin().contentType(ContentType.JSON).body(Map.of("at", first)).post("/processes/{name}/rewind", name).then().statusCode(409)
                .body("detail", containsString("must be paused"));
        admin().post("/processes/{name}/pause", name).then().statusCode(200);
        admin().contentType(ContentType.JSON).body(Map.of("at", first)).post("/processes/{name}/rewind", name).then().statusCode(200)
                .body("state_written", equalTo(1)).body("state_removed", equalTo(1)).body("at", equalTo("invocation " + first));
        assertThat(ForkIT.stateOf(name)).containsOnly(Map.entry("last", "one"));

        // nothing erased: the removed key's history ends with its removal, the other's with the value written back
        List<Map<String, Object>> extra = admin().get("/processes/{name}/state/extra/history", name).then().statusCode(200).extract().path("items");
        assertThat(extra).extracting(c -> c.get("value"), c -> c.get("deleted")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("x", false), org.assertj.core.groups.Tuple.tuple(null, true));
        List<Map<String, Object>> last = admin().get("/processes/{name}/state/last/history", name).then().statusCode(200).extract().path("items");
        assertThat(last).extracting(c -> c.get("value")).containsExactly("one", "two", "one");
        assertThat((String) last.get(2).get("source")).startsWith("rewind:");
        assertThat(Castellan.journalData(name, "PROCESS_REWOUND")).singleElement().satisfies(d -> assertThat(d).containsEntry("state_removed", 1));

        admin().post("/processes/{name}/resume", name).then().statusCode(200);
        assertThat(awaitEnded(invoke(name, "{\"k\": \"after\", \"v\": \"y\"}")).getString("status")).isEqualTo("COMPLETED");
        assertThat(ForkIT.stateOf(name)).containsOnly(Map.entry("last", "one"), Map.entry("after", "y"));
    }

    @Test
    void badRewindsAreClearProblems() {
        String name = uniqueName("rewind-bad");
        deploy(agent(name));
        String done = invoke(name, "{\"k\": \"a\", \"v\": \"1\"}");
        awaitEnded(done);
        admin().post("/processes/{name}/pause", name).then().statusCode(200);
        admin().contentType(ContentType.JSON).body("{}").post("/processes/{name}/rewind", name).then().statusCode(400)
                .body("errors[0].field", equalTo("at"));
        admin().contentType(ContentType.JSON).body(Map.of("at", "nope")).post("/processes/{name}/rewind", name).then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("at", done)).post("/processes/{name}/rewind", "no-such-process").then().statusCode(404);
        Castellan.api(Castellan.tokenWithRole("operator")).contentType(ContentType.JSON).body(Map.of("at", done))
                .post("/processes/{name}/rewind", name).then().statusCode(403);
        assertThat(ForkIT.stateOf(name)).containsOnly(Map.entry("a", "1"));
    }
}

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

/** Time travel: a fork is a new process with the manifest, state and conversation of its source at a point between invocations. */
class ForkIT {

    static String agent(String name) {
        return """
                name: %s
                model: scripted
                tools: [state_set]
                script:
                  - {tool: state_set, args: {key: last, value: '{{trigger.payload.n}}'}}
                  - {reply: 'set {{trigger.payload.n}}'}
                """.formatted(name);
    }

    /** A process's state, key to value. */
    static Map<String, Object> stateOf(String process) {
        return admin().get("/processes/{name}/state", process).then().statusCode(200).extract().jsonPath()
                .getList("items", Map.class).stream().collect(java.util.stream.Collectors.toMap(m -> (String) m.get("key"), m -> m.get("value")));
    }

    @Test
    void aForkHasTheStateOfItsPoint() {
        String name = uniqueName("fork-src");
        deploy(agent(name));
        String first = invoke(name, "{\"n\": \"one\"}");
        awaitEnded(first);
        String second = invoke(name, "{\"n\": \"two\"}");
        awaitEnded(second);
        // a new version after both: the fork at the first takes the version that ran it
        admin().contentType("application/yaml").body(agent(name).replace("set {{trigger.payload.n}}", "now {{trigger.payload.n}}"))
                .put("/processes/{name}", name).then().statusCode(200);

        String early = uniqueName("fork-early");
        admin().contentType(ContentType.JSON).body(Map.of("at", first, "name", early)).post("/processes/{name}/fork", name)
                .then().statusCode(201).body("name", equalTo(early)).body("version", equalTo(1));
        assertThat(stateOf(early)).containsExactly(Map.entry("last", "one"));
        assertThat(stateOf(name)).containsExactly(Map.entry("last", "two"));
        admin().get("/processes/{name}/versions/1", early).then().body("reason", equalTo("fork of " + name + " at invocation " + first))
                .body("manifest", containsString("set {{trigger.payload.n}}"));
        List<Map<String, Object>> forked = Castellan.journalData(early, "PROCESS_FORKED");
        assertThat(forked).singleElement().satisfies(d -> assertThat(d).containsEntry("from", name).containsEntry("version", 1)
                .containsEntry("state_keys", 1));
        // the fork runs on its own from there
        assertThat(awaitEnded(invoke(early, "{\"n\": \"three\"}")).getString("reply")).isEqualTo("set three");
        assertThat(stateOf(name)).containsExactly(Map.entry("last", "two"));

        // a journal entry between invocations (the last one) is a point too; one inside an invocation is not
        List<Map<String, Object>> entries = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().extract()
                .jsonPath().getList("items", Map.class).stream().map(m -> (Map<String, Object>) m).toList();
        Object lastOfSecond = entries.stream().filter(e -> second.equals(e.get("invocationId")) && "INVOCATION_COMPLETED".equals(e.get("type")))
                .findFirst().orElseThrow().get("seq");
        Object insideSecond = entries.stream().filter(e -> second.equals(e.get("invocationId")) && "STATE_CHANGED".equals(e.get("type")))
                .findFirst().orElseThrow().get("seq");
        String late = uniqueName("fork-late");
        admin().contentType(ContentType.JSON).body(Map.of("at", lastOfSecond, "name", late)).post("/processes/{name}/fork", name)
                .then().statusCode(201);
        assertThat(stateOf(late)).containsExactly(Map.entry("last", "two"));
        admin().contentType(ContentType.JSON).body(Map.of("at", insideSecond, "name", uniqueName("fork-inside"))).post("/processes/{name}/fork", name)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("inside invocation " + second));
    }

    @Test
    void badForksAreClearProblemsAndStoreNothing() {
        String name = uniqueName("fork-bad");
        deploy(agent(name));
        String done = invoke(name, "{\"n\": \"one\"}");
        awaitEnded(done);
        admin().contentType(ContentType.JSON).body("{}").post("/processes/{name}/fork", name).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("at", "name"));
        admin().contentType(ContentType.JSON).body(Map.of("at", done, "name", name)).post("/processes/{name}/fork", name).then().statusCode(409);
        admin().contentType(ContentType.JSON).body(Map.of("at", done, "name", "Not A Name")).post("/processes/{name}/fork", name).then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        admin().contentType(ContentType.JSON).body(Map.of("at", "no-such-invocation", "name", uniqueName("f"))).post("/processes/{name}/fork", name)
                .then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("at", 999999, "name", uniqueName("f"))).post("/processes/{name}/fork", name).then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("at", done, "name", uniqueName("f"))).post("/processes/{name}/fork", "no-such-process")
                .then().statusCode(404);
        Castellan.api(Castellan.tokenWithRole("operator")).contentType(ContentType.JSON).body(Map.of("at", done, "name", uniqueName("f")))
                .post("/processes/{name}/fork", name).then().statusCode(403);
    }
}

package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A process's versions: who deployed each and why, the diff between two, a rollback as a new version; bad versions are clear problems. */
class VersionsIT {

    static String agent(String name, String reply) {
        return "name: %s\nmodel: scripted\nscript:\n  - {reply: '%s'}\n".formatted(name, reply);
    }

    @Test
    void versionsAreListedDiffedAndRolledBack() {
        String name = uniqueName("versions");
        admin().contentType("application/yaml").queryParam("reason", "first cut").body(agent(name, "one")).post("/processes").then().statusCode(201);
        admin().contentType("application/yaml").queryParam("reason", "say two").body(agent(name, "two")).put("/processes/{name}", name)
                .then().statusCode(200).body("version", equalTo(2));

        JsonPath list = admin().get("/processes/{name}/versions", name).then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.version")).containsExactly(2, 1);
        assertThat(list.getList("items.current")).containsExactly(true, false);
        assertThat(list.getList("items.reason")).containsExactly("say two", "first cut");
        assertThat(list.getList("items.created_by")).containsOnly("api:admin");
        assertThat(list.getList("items.manifest")).containsOnly((Object) null);

        admin().get("/processes/{name}/versions/1", name).then().statusCode(200).body("manifest", equalTo(agent(name, "one")))
                .body("current", equalTo(false));
        String diff = admin().get("/processes/{name}/versions/1/diff/2", name).then().statusCode(200).extract().path("diff");
        assertThat(diff).isEqualTo("""
                --- %s@1
                +++ %s@2
                @@ -1,4 +1,4 @@
                 name: %s
                 model: scripted
                 script:
                -  - {reply: 'one'}
                +  - {reply: 'two'}
                """.formatted(name, name, name));
        assertThat(admin().get("/processes/{name}/versions/2/diff/2", name).then().statusCode(200).extract().<String>path("diff")).isEmpty();

        // an operator rolls back: a new version with the old manifest, and it runs that one
        String operator = Castellan.token(uniqueName("rollbacker"), "operator");
        api(operator).post("/processes/{name}/versions/1/rollback", name).then().statusCode(200).body("version", equalTo(3));
        admin().get("/processes/{name}/versions/3", name).then().statusCode(200).body("manifest", equalTo(agent(name, "one")))
                .body("reason", equalTo("rollback to version 1")).body("current", equalTo(true)).body("created_by", containsString("api:"));
        assertThat(Castellan.awaitEnded(Castellan.invoke(name, "{}")).getString("reply")).isEqualTo("one");
        admin().post("/processes/{name}/versions/3/rollback", name).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("current version"));
    }

    @Test
    void badVersionsAndRightsAreClearProblems() {
        String name = uniqueName("versions-bad");
        admin().contentType("application/yaml").body(agent(name, "one")).post("/processes").then().statusCode(201);
        for (String path : List.of("/processes/{name}/versions/0", "/processes/{name}/versions/x", "/processes/{name}/versions/1/diff/-1")) {
            admin().get(path, name).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].reason", containsString("version number"));
        }
        admin().get("/processes/{name}/versions/9", name).then().statusCode(404).contentType("application/problem+json");
        admin().get("/processes/{name}/versions", "no-such-process").then().statusCode(404);
        admin().post("/processes/{name}/versions/7/rollback", name).then().statusCode(404);
        api(Castellan.tokenWithRole("viewer")).post("/processes/{name}/versions/1/rollback", name).then().statusCode(403);
        admin().contentType("application/yaml").queryParam("reason", "x".repeat(2001)).body(agent(name, "two")).put("/processes/{name}", name)
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        assertThat(admin().get("/processes/{name}/versions", name).then().extract().<List<Map<String, Object>>>path("items")).hasSize(1);
    }
}

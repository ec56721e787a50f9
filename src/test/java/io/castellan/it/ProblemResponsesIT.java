package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Bad input gets a problem that names the field and the reason; never a stack trace, never damage. */
class ProblemResponsesIT {

    @Test
    void anInvalidManifestNamesEachField() {
        admin().contentType("application/yaml").body("""
                name: UPPER
                model: scripted
                script: [{tool: shell}]
                triggers: [{cron: "nonsense"}]
                """).post("/processes").then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid request"),
                        "errors.field", hasItems("name", "script[0].tool", "triggers[0].cron"));
    }

    @Test
    void malformedYamlAndJsonAre400() {
        admin().contentType("application/yaml").body("name: [").post("/processes").then().statusCode(400)
                .body("title", equalTo("Malformed manifest"));
        String name = uniqueName("badjson");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        admin().contentType(ContentType.JSON).body("{\"a\": ").post("/processes/{name}/invocations", name)
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"))
                .body(not(containsString("at com.")));
        admin().contentType(ContentType.JSON).body("[1, 2]").post("/processes/{name}/invocations", name)
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
        admin().get("/processes/{name}/invocations", name).then().body("items.size()", equalTo(0));
    }

    @Test
    void badQueryParametersNameTheParameter() {
        admin().queryParam("limit", 0).get("/processes").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        admin().queryParam("cursor", "%%%").get("/processes").then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        String name = uniqueName("params");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        admin().queryParam("after", "yesterday").get("/processes/{name}/journal", name).then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
    }

    @Test
    void unknownPathsMethodsAndMediaTypesAreProblems() {
        admin().get("/nothing-here").then().statusCode(404).contentType("application/problem+json");
        admin().delete("/tokens").then().statusCode(405).contentType("application/problem+json");
        admin().contentType("text/plain").body("name: x").post("/processes").then().statusCode(415)
                .contentType("application/problem+json");
        admin().get("/invocations/{id}", "no-such-invocation").then().statusCode(404).contentType("application/problem+json");
    }
}

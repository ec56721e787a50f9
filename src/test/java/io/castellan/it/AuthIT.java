package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthIT {

    private static final String MANIFEST = "name: %s\nmodel: scripted\nscript: [{reply: ok}]\n";

    @Test
    void noTokenOrAnUnknownTokenIs401() {
        api(null).get("/processes").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        api("cst_not-a-token").get("/processes").then().statusCode(401);
        given().baseUri(Castellan.baseUrl()).header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/api/v1/processes")
                .then().statusCode(401);
    }

    @Test
    void aViewerReadsButCannotAct() {
        String viewer = tokenWithRole("viewer");
        String name = uniqueName("auth");
        deploy(MANIFEST.formatted(name));

        api(viewer).get("/processes/{name}", name).then().statusCode(200);
        api(viewer).post("/processes/{name}/pause", name).then().statusCode(403).contentType("application/problem+json");
        api(viewer).contentType(ContentType.JSON).body("{}").post("/processes/{name}/invocations", name).then().statusCode(403);
        api(viewer).contentType(ContentType.JSON).body("1").put("/processes/{name}/state/k", name).then().statusCode(403);
    }

    @Test
    void anOperatorActsButCannotDeployOrIssueTokens() {
        String operator = tokenWithRole("operator");
        String name = uniqueName("ops");
        deploy(MANIFEST.formatted(name));

        api(operator).post("/processes/{name}/pause", name).then().statusCode(200);
        api(operator).contentType(ContentType.JSON).body("{}").post("/processes/{name}/invocations", name).then().statusCode(202);
        api(operator).contentType("application/yaml").body(MANIFEST.formatted(uniqueName("nope"))).post("/processes").then().statusCode(403);
        api(operator).delete("/processes/{name}", name).then().statusCode(403);
        api(operator).contentType(ContentType.JSON).body(Map.of("name", uniqueName("t"), "role", "admin"))
                .post("/tokens").then().statusCode(403);
    }

    @Test
    void aTokenIsShownOnceAndStoredOnlyAsAHash() {
        String tokenName = uniqueName("shown-once");
        String secret = admin().contentType(ContentType.JSON).body(Map.of("name", tokenName, "role", "viewer"))
                .post("/tokens").then().statusCode(201).body("role", equalTo("viewer")).extract().path("token");

        admin().get("/tokens").then().statusCode(200)
                .body("items.find { it.name == '" + tokenName + "' }.token", nullValue())
                .body(not(containsString(secret)));
        api(secret).get("/processes").then().statusCode(200);

        admin().delete("/tokens/{name}", tokenName).then().statusCode(204);
        api(secret).get("/processes").then().statusCode(401);
    }

    @Test
    void webhooksNeedNoBearerTokenButHealthAndApiDoNotLeak() {
        given().baseUri(Castellan.baseUrl()).get("/health").then().statusCode(200);
        api(null).get("/tokens").then().statusCode(401);
    }

    @Test
    void meNamesTheTokenAndItsRole() {
        admin().get("/me").then().statusCode(200).body("name", equalTo("admin"), "role", equalTo("admin"));
        String tokenName = uniqueName("me");
        String secret = admin().contentType(ContentType.JSON).body(Map.of("name", tokenName, "role", "operator"))
                .post("/tokens").then().statusCode(201).extract().path("token");
        api(secret).get("/me").then().statusCode(200).body("name", equalTo(tokenName), "role", equalTo("operator"));
        api(null).get("/me").then().statusCode(401);
    }
}

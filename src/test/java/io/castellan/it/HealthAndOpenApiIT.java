package io.castellan.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

class HealthAndOpenApiIT {

    @Test
    void readinessCoversTheBrokerTheDatabaseAndTheSandbox() {
        given().baseUri(Castellan.baseUrl()).get("/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"), "checks.name", hasItems("broker", "database", "sandbox"))
                // this server has bubblewrap and socat (the README's prerequisites): workspaces, with network allow-lists
                .body("checks.find { it.name == 'sandbox' }.data.available", equalTo(true))
                .body("checks.find { it.name == 'sandbox' }.data.network_allow", equalTo(true));
        given().baseUri(Castellan.baseUrl()).get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theApiIsDescribedByOpenApi() {
        given().baseUri(Castellan.baseUrl()).get("/openapi").then().statusCode(200)
                .body(containsString("/api/v1/processes/{name}/invocations"))
                .body(containsString("/hooks/{name}/{path}"));
    }
}

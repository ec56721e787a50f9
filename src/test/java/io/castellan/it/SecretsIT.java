package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.journalTypes;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Scoped secrets: given to tools at execution time only, encrypted at rest, never stored or shown in clear. */
class SecretsIT {

    static final Receiver REMOTE = new Receiver();
    static final Path SERVER = Path.of(System.getProperty("wlp.dir", "target/liberty/wlp"), "usr/servers/castellan-it");

    @AfterAll
    static void stopReceiver() {
        REMOTE.close();
    }

    /** An agent that sends its secret to the echoing receiver as a bearer token and in the body, then replies with the echo. */
    static String agent(String name, String secrets, String secret) {
        return """
                name: %s
                model: scripted
                tools: [http_request, state_set]
                network: {allow: [127.0.0.1]}
                secrets:
                %s
                script:
                  - tool: http_request
                    args:
                      method: POST
                      url: "%s"
                      headers: {Authorization: "Bearer ${secret:%s}"}
                      body: "token=${secret:%s}"
                  - reply: "the service said {{steps.0.result.body}}"
                """.formatted(name, secrets.indent(2), REMOTE.url("/echo/" + name), secret, secret);
    }

    static void setSecret(String process, String secret, String value) {
        admin().contentType(ContentType.JSON).body(Map.of("value", value))
                .put("/processes/{name}/secrets/{secret}", process, secret).then().statusCode(204);
    }

    static List<Receiver.Request> received(String process) {
        return REMOTE.requests().stream().filter(r -> r.path().equals("/echo/" + process)).toList();
    }

    @Test
    void aCanarySecretReachesTheToolAndNothingElse() throws IOException {
        String name = uniqueName("secret-canary");
        String canary = "canary-" + UUID.randomUUID();
        deploy(agent(name, "API_TOKEN: {}", "API_TOKEN"));
        setSecret(name, "API_TOKEN", canary);

        String id = invoke(name, "{}");
        JsonPath done = awaitEnded(id);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        Receiver.Request sent = received(name).get(0);
        assertThat(sent.header("Authorization")).as("the tool was given the value").isEqualTo("Bearer " + canary);
        assertThat(sent.body()).isEqualTo("token=" + canary);
        assertThat(done.getString("reply")).contains("[secret:API_TOKEN]").doesNotContain(canary);
        assertThat(journalTypes(name, id)).contains("SECRET_ACCESSED");
        List<Map<String, Object>> accessed = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name)
                .then().extract().path("items.findAll { it.type == 'SECRET_ACCESSED' }.data");
        assertThat(accessed).singleElement().satisfies(a -> assertThat(a).containsEntry("secret", "API_TOKEN").containsEntry("tool", "http_request"));

        List<String> responses = new ArrayList<>();
        for (String path : List.of("/processes/{name}", "/processes/{name}/invocations", "/processes/{name}/journal?limit=1000",
                "/processes/{name}/state", "/processes/{name}/usage", "/processes/{name}/budget", "/processes/{name}/health",
                "/processes/{name}/secrets")) {
            responses.add(admin().get(path, name).then().statusCode(200).extract().asString());
        }
        responses.add(admin().get("/processes").then().statusCode(200).extract().asString());
        responses.add(admin().get("/dead-letters").then().statusCode(200).extract().asString());
        responses.add(admin().get("/invocations/{id}", id).then().statusCode(200).extract().asString());
        assertThat(responses).allSatisfy(body -> assertThat(body).doesNotContain(canary));

        assertThat(filesContaining(SERVER.resolve("castellan"), canary)).as("the database and the broker's journal").isEmpty();
        assertThat(filesContaining(SERVER.resolve("logs"), canary)).as("the server's logs").isEmpty();
    }

    /** The files under a directory whose bytes contain the text. */
    static List<Path> filesContaining(Path directory, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return indexOf(Files.readAllBytes(f), needle) >= 0;
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aSecretIsRotatedWithoutARestartAndListedWithoutItsValue() {
        String name = uniqueName("secret-rotate");
        deploy(agent(name, "API_TOKEN: {}", "API_TOKEN"));
        setSecret(name, "API_TOKEN", "first-value-1234");
        awaitEnded(invoke(name, "{}"));
        setSecret(name, "API_TOKEN", "second-value-5678");
        awaitEnded(invoke(name, "{}"));

        assertThat(received(name)).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer first-value-1234", "Bearer second-value-5678");
        String listed = Castellan.api(Castellan.tokenWithRole("viewer")).get("/processes/{name}/secrets", name)
                .then().statusCode(200).body("[0].name", equalTo("API_TOKEN")).body("[0].set", equalTo(true))
                .body("[0].source", equalTo("api")).extract().asString();
        assertThat(listed).doesNotContain("second-value-5678");
        List<String> types = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name).then().extract().path("items.type");
        assertThat(types).contains("SECRET_SET");
    }

    @Test
    void aSecretFromTheEnvironmentIsLoadedAtDeployAndExpiresAfterItsTtl() {
        String name = uniqueName("secret-env");
        String expiring = uniqueName("secret-ttl");
        deploy(agent(name, "GH: {from_env: IT_GITHUB_TOKEN}", "GH"));
        deploy(agent(expiring, "GH: {from_env: IT_GITHUB_TOKEN, ttl: 1s}", "GH"));

        assertThat(awaitEnded(invoke(name, "{}")).getString("status")).isEqualTo("COMPLETED");
        assertThat(received(name).get(0).header("Authorization")).isEqualTo("Bearer gh-env-secret-7f3a91c2");
        admin().get("/processes/{name}/secrets", name).then().body("[0].source", equalTo("env"));

        await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5))
                .until(() -> admin().get("/processes/{name}/secrets", expiring).then().extract().path("[0].expired").equals(true));
        JsonPath late = awaitEnded(invoke(expiring, "{}"));
        assertThat(late.getString("status")).as("the script's reply needs the call's result").isEqualTo("FAILED");
        assertThat(late.getString("error")).doesNotContain("gh-env-secret");
        assertThat(received(expiring)).isEmpty();
        List<String> errors = admin().queryParam("limit", 1000).get("/processes/{name}/journal", expiring)
                .then().extract().path("items.findAll { it.type == 'TOOL_ERROR' }.data.error");
        assertThat(errors).singleElement().asString().startsWith("secret GH expired at");
        admin().get("/processes/{name}/secrets", expiring).then().body("[0].set", equalTo(false));
    }

    @Test
    void aSecretWithoutAValueOrOfferedToAStateToolIsAToolError() {
        String name = uniqueName("secret-unset");
        deploy(agent(name, "API_TOKEN: {}", "API_TOKEN"));
        String stateTool = uniqueName("secret-state");
        deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                secrets: {API_TOKEN: {}}
                script:
                  - {tool: state_set, args: {key: leaked, value: "${secret:API_TOKEN}"}}
                  - reply: done
                """.formatted(stateTool));
        setSecret(stateTool, "API_TOKEN", "never-stored-9f2c");

        awaitEnded(invoke(name, "{}"));
        awaitEnded(invoke(stateTool, "{}"));

        assertThat(received(name)).isEmpty();
        List<String> errors = admin().queryParam("limit", 1000).get("/processes/{name}/journal", name)
                .then().extract().path("items.findAll { it.type == 'TOOL_ERROR' }.data.error");
        assertThat(errors).singleElement().asString().contains("has no value; set it with PUT /api/v1/processes/" + name + "/secrets/API_TOKEN");
        admin().get("/processes/{name}/state/leaked", stateTool).then().statusCode(404);
    }

    @Test
    void onlyAnAdminSetsASecretAndOnlyADeclaredOne() {
        String name = uniqueName("secret-roles");
        deploy(agent(name, "API_TOKEN: {}", "API_TOKEN"));

        Castellan.api(Castellan.tokenWithRole("operator")).contentType(ContentType.JSON).body(Map.of("value", "x"))
                .put("/processes/{name}/secrets/API_TOKEN", name).then().statusCode(403);
        admin().contentType(ContentType.JSON).body(Map.of("value", "x"))
                .put("/processes/{name}/secrets/OTHER", name).then().statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("value", 42))
                .put("/processes/{name}/secrets/API_TOKEN", name).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("value"));
        String missing = uniqueName("secret-missing");
        admin().contentType(ContentType.JSON).body(Map.of("value", "x"))
                .put("/processes/{name}/secrets/API_TOKEN", missing).then().statusCode(404).contentType("application/problem+json");
        // none of these refusals is an FFDC incident in the server's log (the resource's own transaction made each one)
        assertThat(ServerLogs.messages()).as("messages.log").doesNotContain(missing).doesNotContain("secret 'OTHER'")
                .doesNotContain("must be a non-empty string of at most");
        admin().contentType("application/yaml").body("""
                name: %s
                model: scripted
                script: [{reply: hi}]
                secrets: {"9BAD": {}, GOOD: {from_env: NOT_SET_ANYWHERE_42}, ODD: {ttl: forever}}
                """.formatted(uniqueName("secret-bad"))).post("/processes").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("secrets.9BAD", "secrets.GOOD.from_env", "secrets.ODD.ttl"));
    }
}

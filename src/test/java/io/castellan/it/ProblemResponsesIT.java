package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
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
    void aJsonBodyThatDoesNotFitIsDescribedInTheApisTermsNotTheParsers() {
        admin().contentType(ContentType.JSON).body("[]").post("/tokens").then().statusCode(400)
                .body("errors[0].field", equalTo("body"), "errors[0].reason", equalTo("must be an object"))
                .body(not(containsString("io.castellan")), not(containsString("JsonToken")), not(containsString("$")));
        admin().contentType(ContentType.JSON).body("{\"name\": \"t\", \"role\": \"viewer\", \"colour\": \"red\"}").post("/tokens")
                .then().statusCode(400).body("errors[0].field", equalTo("colour"), "errors[0].reason", equalTo("is not a field of this request"));
        admin().contentType(ContentType.JSON).body("{\"name\": {\"a\": 1}, \"role\": \"viewer\"}").post("/tokens")
                .then().statusCode(400).body("errors[0].field", equalTo("name"), "errors[0].reason", equalTo("must be a string"));
        String name = uniqueName("jsonlimits");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        admin().contentType(ContentType.JSON).body("{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}")
                .post("/processes/{name}/invocations", name).then().statusCode(400).body("title", equalTo("Malformed JSON"))
                .body("detail", containsString("nested too deeply")).body(not(containsString("StreamReadConstraints")));
        admin().contentType(ContentType.JSON).body("{\"n\": " + "9".repeat(100_000) + "}")
                .post("/processes/{name}/invocations", name).then().statusCode(400)
                .body("detail", containsString("too many digits")).body(not(containsString("getMax")));
        admin().contentType(ContentType.JSON).body("{\"a\": tru}").post("/processes/{name}/invocations", name).then().statusCode(400)
                .body("detail", containsString("line 1"));
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
    void aParameterThatDoesNotParseIsA400NamingIt() {
        admin().queryParam("limit", "abc").get("/processes").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"),
                        "errors[0].reason", containsString("whole number"));
        String name = uniqueName("intparams");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        admin().queryParam("tail", "1e3").get("/processes/{name}/journal", name).then().statusCode(400)
                .body("errors[0].field", equalTo("tail"));
        admin().queryParam("limit", "9".repeat(100)).get("/processes/{name}/invocations", name).then().statusCode(400)
                .body("errors[0].field", equalTo("limit"), "errors[0].reason", not(containsString("9".repeat(100))));
        admin().queryParam("limit", "x").get("/dead-letters").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    /** 1 MiB for every body: with its length declared, and sent in chunks without one. */
    @Test
    void aBodyOverOneMebibyteIs413AndStoresNothing() throws Exception {
        String name = uniqueName("bigbody");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        String big = "{\"text\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        admin().contentType(ContentType.JSON).body(big).post("/processes/{name}/invocations", name).then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("1 MiB"));
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(Castellan.baseUrl() + "/api/v1/processes/" + name + "/invocations"))
                .header("Authorization", "Bearer " + Castellan.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertEquals(413, JsonPath.from(chunked.body()).getInt("status"));
        admin().contentType("application/yaml").body("name: x\nmodel: scripted\nscript: [{reply: \"" + "y".repeat(1100 * 1024) + "\"}]\n")
                .post("/processes").then().statusCode(413);
        admin().get("/processes/{name}/invocations", name).then().body("items.size()", equalTo(0));
        admin().contentType(ContentType.JSON).body("{\"text\": \"" + "x".repeat(512 * 1024) + "\"}")
                .post("/processes/{name}/invocations", name).then().statusCode(202);
    }

    /** Sent as raw bytes: the web container refuses these before JAX-RS sees them. */
    @Test
    void theWebContainersOwnRefusalsAreProblemsWithoutInternals() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("/api/v1/processes/a%2Fb", "/api/v1/processes/x/state/..%2F..%2Fk",
                "/api/v1/processes/%2e%2e", "/api/v1/processes/a%5Cb", "/no-such-file.html",
                // escapes the container lets through but that do not spell UTF-8: JAX-RS logged a stack for each
                "/api/v1/processes/%ff", "/api/v1/processes/a%e2%82", "/hooks/x%c0%ae/y")) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(Castellan.baseUrl() + path))
                    .header("Authorization", "Bearer " + Castellan.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() == 400 || response.statusCode() == 404, path + ": " + response.statusCode());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0], path);
            JsonPath problem = JsonPath.from(response.body());
            assertEquals(response.statusCode(), problem.getInt("status"), path);
            assertFalse(problem.getString("detail").isBlank(), path);
            for (String internal : List.of("java.", "Exception", "com.ibm", "CWW", "SRVE", "<html")) {
                assertFalse(response.body().contains(internal), path + " leaks " + internal + ": " + response.body());
            }
        }
        // a broken %-escape, an escaped NUL, a dot segment with a ;-parameter, or dot segments that climb
        // above the root are refused while Liberty decodes the path to choose an application, before any
        // application's error page: a short 400 of its own (docs/api.md), without a trace (written to the
        // socket byte for byte, as no Java HTTP client would send some of them)
        for (String path : List.of("/api/v1/processes/a%ZZ", "/api/v1/processes/a%2", "/api/v1/processes/a%00b",
                "/api/v1/processes/..;", "/api/v1/processes/x/.;/state", "/api/v1/processes/..%3b",
                "/hooks/../..", "/api/%2e%2e/%2e%2e/x")) {
            String answer = rawGet(path, "");
            assertTrue(answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
            assertFalse(answer.contains("Exception") || answer.contains("at com."), path + ": " + answer);
        }
        // nor does a stranger's odd path put a line in the server's log: Liberty logs its refusal of an
        // encoded '/', '\' or '.' (CWWWC0005I inside SRVE0315E, with a stack trace) and a file that is not
        // there (SRVE0190E) before it calls the error page, so the log is read once every answer above is in
        assertThat(ServerLogs.messages()).as("messages.log").doesNotContain("CWWWC0005I", "SRVE0190E", "RESTEASY002130");
    }

    /** A query parameter whose %-escape is broken or not UTF-8 is named, as any invalid parameter is. */
    @Test
    void aBrokenEscapeInTheQueryNamesItsParameter() throws Exception {
        for (String value : List.of("%zz", "%ff", "%c0%ae")) {
            // byte for byte: Java's URI refuses to build the first
            String answer = rawGet("/api/v1/processes?limit=" + value, "Authorization: Bearer " + Castellan.ADMIN_TOKEN + "\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), value + ": " + answer);
            assertTrue(answer.contains("application/problem+json"), value + ": " + answer);
            JsonPath problem = JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals("limit", problem.getString("errors[0].field"), value);
            assertThat(problem.getString("errors[0].reason")).contains("%-escape");
        }
    }

    /**
     * A body the server cannot read as sent (declared gzip, and not) is the sender's error: 400
     * naming the body, from a webhook (no token: anyone can send it) and from the API alike,
     * nothing stored, and no unexpected error with its stack in the log.
     */
    @Test
    void aBodyThatCannotBeReadAsSentIs400NamingTheBody() throws Exception {
        String name = uniqueName("gzipbody");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\ntriggers: [{webhook: /x, secret: '${%s}'}]\n"
                .formatted(name, Castellan.HOOK_SECRET_VARIABLE));
        // HTTP/1.1, as curl sends it: Liberty inflates a gzip body there (over h2c it passes the bytes on as sent)
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : List.of("/hooks/" + name + "/x", "/api/v1/processes/" + name + "/invocations")) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(Castellan.baseUrl() + path))
                    .header("Authorization", "Bearer " + Castellan.ADMIN_TOKEN).header("Content-Type", "application/json")
                    .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}"))
                    // a signature to check, which needs the body: any will do, the body is refused first
                    .header("X-Castellan-Timestamp", String.valueOf(java.time.Instant.now().getEpochSecond()))
                    .header("X-Castellan-Signature", "sha256=00").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), path + ": " + response.body());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0], path);
            assertEquals("body", JsonPath.from(response.body()).getString("errors[0].field"), path);
        }
        admin().get("/processes/{name}/invocations", name).then().body("items.size()", equalTo(0));
        // Liberty's own FFDC notice of the broken body may be there (once a server run, its details in
        // logs/ffdc); not the exception logged with its stack as an unexpected error, a line per trace line
        assertThat(ServerLogs.messages().lines()).as("messages.log")
                .noneMatch(line -> line.startsWith("com.ibm.wsspi.http.channel.exception.IllegalHttpBodyException"));
    }

    /**
     * A Content-Type or Accept that is not a media type, or a charset the server cannot read, is
     * refused naming the header, before the token is looked at, and never logged (JAX-RS wrote a
     * warning with a stack trace for each; the unknown charset was a 500).
     */
    @Test
    void aMediaTypeHeaderThatDoesNotParseIsNamedNotLogged() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        record Case(String header, String value, int status, String field) {
        }
        for (Case c : List.of(new Case("Content-Type", "???", 400, "Content-Type"), new Case("Accept", "///", 400, "Accept"),
                new Case("Accept", "application/json, ///", 400, "Accept"), new Case("Content-Type", "application/json; charset=nope", 415, null))) {
            for (boolean withToken : List.of(true, false)) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Castellan.baseUrl() + "/api/v1/processes/validate"))
                        .header(c.header(), c.value()).POST(HttpRequest.BodyPublishers.ofString("name: x"));
                if (withToken) {
                    request.header("Authorization", "Bearer " + Castellan.ADMIN_TOKEN);
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String what = c + (withToken ? "" : " without a token");
                assertEquals(c.status(), response.statusCode(), what + ": " + response.body());
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0], what);
                if (c.field() != null) {
                    assertEquals(c.field(), JsonPath.from(response.body()).getString("errors[0].field"), what);
                }
            }
        }
        assertThat(ServerLogs.messages()).as("messages.log").doesNotContain("RESTEASY002130", "UnsupportedEncodingException");
    }

    /** A GET written to the socket as it is, with these header lines: the whole answer, status line first. */
    private static String rawGet(String target, String headers) throws java.io.IOException {
        URI base = URI.create(Castellan.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n" + headers
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
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

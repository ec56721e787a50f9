package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.invoke;
import static io.castellan.it.Castellan.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * U+0000 inside the texts callers send: JSON allows it, PostgreSQL's text columns do not (a memory
 * or an inbox message with one was a 500 there, and an invocation whose reply carried one failed).
 * A text column keeps U+FFFD in its place, on both databases; JSON values (state, payloads) keep
 * the character itself; an invocation whose trigger carries one ends as it would without it. Run
 * on H2 and in the PostgreSQL pass.
 */
class NulCharacterIT {

    private static final String NUL = "before\u0000after";
    private static final String STORED = "before\uFFFDafter";

    @Test
    void aMemoryKeepsItsTextWithTheReplacement() {
        assertThat(postedAndReadBack(aProcess("nul-memory"), "memories", "text")).isEqualTo(STORED);
    }

    @Test
    void anInboxMessageKeepsItsTextWithTheReplacement() {
        assertThat(postedAndReadBack(aProcess("nul-inbox"), "inbox", "message")).isEqualTo(STORED);
    }

    @Test
    void aDescriptionIsKeptAsSent() {
        String name = uniqueName("nul-description");
        Response deployed = admin().contentType(ContentType.JSON)
                .body(Map.of("name", name, "description", NUL, "model", "scripted", "script", List.of(Map.of("reply", "ok"))))
                .post("/processes");
        // the manifest is stored as its source, where JSON writes the character escaped
        assertThat(deployed.statusCode()).as(deployed.asString()).isEqualTo(201);
        assertThat(Castellan.process(name).getString("description")).isEqualTo(NUL);
    }

    @Test
    void stateKeepsTheValue() {
        String name = aProcess("nul-state");
        admin().contentType(ContentType.JSON).body(Map.of("v", NUL)).put("/processes/{n}/state/k", name).then().statusCode(200);
        assertThat(admin().get("/processes/{n}/state/k", name).jsonPath().getString("value.v")).isEqualTo(NUL);
    }

    @Test
    void anInvocationWhoseTriggerCarriesOneEndsAsItWouldWithoutIt() {
        String name = uniqueName("nul-trigger");
        deploy("""
                name: %s
                model: scripted
                tools: [state_set]
                script:
                  - {tool: state_set, args: {key: seen, value: '{{trigger.payload.text}}'}}
                  - {reply: 'got {{trigger.payload.text}}'}
                """.formatted(name));
        String id = invoke(name, "{\"text\": \"before\\u0000after\"}");
        JsonPath ended = awaitEnded(id);
        assertThat(ended.getString("status")).as(ended.prettify()).isEqualTo("COMPLETED");
        assertThat(ended.getString("reply")).isEqualTo("got " + STORED);
        assertThat(admin().get("/processes/{n}/state/seen", name).jsonPath().getString("value")).isEqualTo(NUL);
    }

    @Test
    void anA2aMessageWhoseIdHoldsOneIsOneTaskHoweverOftenSent() {
        String name = uniqueName("nul-a2a");
        deploy("name: %s\nmodel: scripted\nexpose: {a2a: true}\nscript:\n  - {reply: ok}\n".formatted(name));
        // the id is the invocation's dedup key, which a text column keeps with U+FFFD for the NUL
        String send = """
                {"jsonrpc": "2.0", "id": 1, "method": "message/send", "params": {"message": {"kind": "message", "role": "user",
                 "messageId": "m\\u0000%s", "parts": [{"kind": "text", "text": "hello"}]}}}""".formatted(UUID.randomUUID());
        String first = a2a(name, send).getString("result.id");
        assertThat(first).isNotNull();
        assertThat(a2a(name, send).getString("result.id")).isEqualTo(first);
        assertThat(admin().get("/processes/{name}/invocations", name).then().statusCode(200).extract().<List<?>>path("items")).hasSize(1);
        assertThat(awaitEnded(first).getString("status")).isEqualTo("COMPLETED");
    }

    private static JsonPath a2a(String name, String body) {
        Response answer = given().config(Castellan.REST).baseUri(Castellan.baseUrl()).basePath("/a2a/" + name).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Castellan.tokenWithRole("operator")).body(body).post();
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        return answer.jsonPath();
    }

    /** {@code field}, holding {@link #NUL}, posted to the process's {@code collection} (201) and read back from it. */
    private static String postedAndReadBack(String name, String collection, String field) {
        Response posted = admin().contentType(ContentType.JSON).body(Map.of(field, NUL)).post("/processes/{n}/" + collection, name);
        assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(201);
        return admin().get("/processes/{n}/" + collection + "/{id}", name, posted.path("id")).jsonPath().getString(field);
    }

    /** A process that replies "ok", for what it stores beside its invocations. */
    private static String aProcess(String prefix) {
        String name = uniqueName(prefix);
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: ok}\n".formatted(name));
        return name;
    }
}

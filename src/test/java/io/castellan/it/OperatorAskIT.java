package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.api;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.tokenWithRole;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /processes/{name}/ask}: an operator's question runs an invocation of kind ask and
 * answers within the timeout (checked against a schema when given), or 202 with the invocation.
 */
class OperatorAskIT {

    private static final Map<String, Object> INTEGER_N = Map.of("type", "object", "required", java.util.List.of("n"),
            "properties", Map.of("n", Map.of("type", "integer")));

    @Test
    void anOperatorGetsTheAnswerTypedByASchema() {
        String name = uniqueName("oracle");
        deploy("name: %s\nmodel: scripted\nscript:\n  - {reply: '{\"n\": 42, \"echo\": \"{{trigger.payload.question}}\"}'}\n".formatted(name));
        String operator = tokenWithRole("operator");
        var answered = api(operator).contentType("application/json").body(Map.of("question", "the answer?", "schema", INTEGER_N))
                .post("/processes/{name}/ask", name).then().statusCode(200)
                .body("process", equalTo(name)).body("status", equalTo("COMPLETED"))
                .body("answer.n", equalTo(42)).body("answer.echo", equalTo("the answer?")).extract();
        var invocation = Castellan.invocation(answered.path("invocation"));
        assertThat(invocation.getString("trigger.kind")).isEqualTo("ask");
        assertThat(invocation.getString("trigger.payload.from")).startsWith("api:");

        // without a schema the reply is the answer as text
        api(operator).contentType("application/json").body(Map.of("question", "q")).post("/processes/{name}/ask", name).then()
                .statusCode(200).body("answer", startsWith("{\"n\": 42"));
        // a schema it does not match: the invocation completed, the answer is not usable
        api(operator).contentType("application/json")
                .body(Map.of("question", "q", "schema", Map.of("type", "object", "required", java.util.List.of("missing"))))
                .post("/processes/{name}/ask", name).then().statusCode(200).body("error", startsWith("the answer of '" + name + "' does not match"));
    }

    @Test
    void noAnswerWithinTheTimeoutIs202WithTheInvocation() {
        String name = uniqueName("slow-oracle");
        deploy("name: %s\nmodel: scripted\ntools: [wait]\nscript:\n  - {tool: wait, args: {seconds: 3}}\n  - {reply: later}\n".formatted(name));
        var pending = admin().contentType("application/json").body(Map.of("question", "q", "timeout", "1s"))
                .post("/processes/{name}/ask", name).then().statusCode(202).extract();
        String id = pending.path("id");
        assertThat(pending.header("Location")).endsWith("/invocations/" + id);
        assertThat(awaitEnded(id).getString("reply")).isEqualTo("later");
    }

    @Test
    void badAsksAreRefusedNamingTheFieldAndViewersMayNotAsk() {
        String name = uniqueName("asked");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: x}]\n".formatted(name));
        admin().contentType("application/json").body("[1]").post("/processes/{name}/ask", name).then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        admin().contentType("application/json").body(Map.of("question", "")).post("/processes/{name}/ask", name).then().statusCode(400)
                .body("errors[0].field", equalTo("question"));
        admin().contentType("application/json").body(Map.of("question", "q", "schema", 5)).post("/processes/{name}/ask", name).then()
                .statusCode(400).body("errors[0].field", equalTo("schema"));
        admin().contentType("application/json").body(Map.of("question", "q", "timeout", "5m")).post("/processes/{name}/ask", name).then()
                .statusCode(400).body("errors[0].field", equalTo("timeout"));
        admin().contentType("application/json").body(Map.of("question", "q", "timeout", "soon")).post("/processes/{name}/ask", name).then()
                .statusCode(400).body("errors[0].field", equalTo("timeout"));
        admin().contentType("application/json").body(Map.of("question", "q")).post("/processes/{name}/ask", uniqueName("nobody")).then()
                .statusCode(404);
        api(tokenWithRole("viewer")).contentType("application/json").body(Map.of("question", "q")).post("/processes/{name}/ask", name)
                .then().statusCode(403);
        admin().get("/processes/{name}/invocations", name).then().body("items.size()", equalTo(0));
    }

    @Test
    void aSchemaThatPointsOutsideItselfIsRefusedAndTheServerFetchesNothing() throws Exception {
        // the server fetched a schema's $schema or $ref URL, for an operator's ask and an agent's ask_agent alike
        java.util.List<String> fetched = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer elsewhere = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            fetched.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        elsewhere.start();
        try {
            String url = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
            String name = uniqueName("asked-elsewhere");
            deploy("name: %s\nmodel: scripted\nscript: [{reply: x}]\n".formatted(name));
            for (Map<String, Object> schema : java.util.List.<Map<String, Object>>of(Map.of("$schema", url + "/meta"),
                    Map.of("type", "object", "properties", Map.of("n", Map.of("$ref", url + "/n"))))) {
                admin().contentType("application/json").body(Map.of("question", "q", "schema", schema)).post("/processes/{name}/ask", name)
                        .then().statusCode(400).body("errors[0].field", equalTo("schema"))
                        .body("errors[0].reason", org.hamcrest.Matchers.containsString(url));
            }
            String asker = uniqueName("asker");
            deploy("""
                    name: %s
                    model: scripted
                    tools: [ask_agent]
                    script:
                      - {tool: ask_agent, args: {to: %s, question: q, schema: {type: object, properties: {n: {$ref: '%s/n'}}}}}
                      - {reply: '{{steps.0.error}}'}
                    """.formatted(asker, name, url));
            var ended = awaitEnded(Castellan.invoke(asker, "{}"));
            assertThat(ended.getString("status")).isEqualTo("COMPLETED");
            assertThat(ended.getString("reply")).contains("schema").contains(url);
            assertThat(fetched).isEmpty();
        } finally {
            elsewhere.stop(0);
        }
    }
}

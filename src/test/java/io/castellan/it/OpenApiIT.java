package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes the API as it is: a walk over the API, with real requests, and
 * every answer (its status, its media type, its body against the schema) is found in the
 * document; a tool reading the document knows how to authenticate.
 */
class OpenApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static JsonNode document;

    @BeforeAll
    static void readTheDocument() throws Exception {
        String text = io.restassured.RestAssured.given().baseUri(Castellan.baseUrl()).accept(ContentType.JSON).get("/openapi")
                .then().statusCode(200).extract().asString();
        document = JSON.readTree(text);
    }

    @Test
    void aToolReadingTheDocumentKnowsHowToAuthenticate() {
        assertThat(document.at("/components/securitySchemes/bearer/type").asText()).isEqualTo("http");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(document.path("security").toString()).contains("bearer");
        assertThat(document.at("/paths/~1hooks~1{name}~1{path}/post/security").isArray()).as("a webhook needs no token").isTrue();
        assertThat(document.at("/paths/~1hooks~1{name}~1{path}/post/security").size()).isZero();
    }

    @Test
    void everyAnswerOfAWalkOverTheApiIsInTheDocument() {
        String name = uniqueName("openapi");
        List<String> failures = new ArrayList<>();
        Walk walk = new Walk(failures);

        walk.call("POST", "/api/v1/processes", r -> r.contentType("application/yaml")
                .body("name: %s\nmodel: scripted\ntools: [state_set]\nscript: [{tool: state_set, args: {key: k, value: 1}}, {reply: ok}]\n"
                        .formatted(name)).post("/processes"));
        walk.call("GET", "/api/v1/processes", r -> r.get("/processes"));
        walk.call("GET", "/api/v1/processes/" + name, r -> r.get("/processes/{n}", name));
        String id = walk.call("POST", "/api/v1/processes/" + name + "/invocations", r -> r.contentType(ContentType.JSON).body("{\"a\": 1}")
                .post("/processes/{n}/invocations", name)).path("id");
        awaitEnded(id);
        walk.call("POST", "/api/v1/processes/" + name + "/invocations", r -> r.contentType(ContentType.JSON).body("{}")
                .queryParam("wait", "30s").post("/processes/{n}/invocations", name));
        walk.call("GET", "/api/v1/invocations/" + id, r -> r.get("/invocations/{id}", id));
        walk.call("GET", "/api/v1/processes/" + name + "/invocations", r -> r.get("/processes/{n}/invocations", name));
        walk.call("GET", "/api/v1/processes/" + name + "/journal", r -> r.queryParam("after", 0).get("/processes/{n}/journal", name));
        walk.call("GET", "/api/v1/processes/" + name + "/state", r -> r.get("/processes/{n}/state", name));
        walk.call("GET", "/api/v1/processes/" + name + "/state/k", r -> r.get("/processes/{n}/state/{k}", name, "k"));
        walk.call("GET", "/api/v1/processes/" + name + "/budget", r -> r.get("/processes/{n}/budget", name));
        walk.call("GET", "/api/v1/processes/" + name + "/health", r -> r.get("/processes/{n}/health", name));
        walk.call("GET", "/api/v1/processes/" + name + "/usage", r -> r.get("/processes/{n}/usage", name));
        walk.call("POST", "/api/v1/processes/" + name + "/pause", r -> r.post("/processes/{n}/pause", name));
        walk.call("POST", "/api/v1/processes/" + name + "/pause", r -> r.post("/processes/{n}/pause", name));
        String message = walk.call("POST", "/api/v1/processes/" + name + "/inbox", r -> r.contentType(ContentType.JSON)
                .body("{\"message\": \"hello\", \"priority\": \"high\", \"ttl\": \"1h\"}").post("/processes/{n}/inbox", name)).path("id");
        walk.call("GET", "/api/v1/processes/" + name + "/inbox", r -> r.get("/processes/{n}/inbox", name));
        walk.call("GET", "/api/v1/processes/" + name + "/inbox/" + message, r -> r.get("/processes/{n}/inbox/{id}", name, message));
        String asking = uniqueName("openapi-approve");
        Castellan.deploy(ApprovalIT.requesting(asking, ""));
        Castellan.invoke(asking, "{\"what\": \"it\"}");
        String approval = (String) ApprovalIT.pendingOf(asking).get("id");
        walk.call("GET", "/api/v1/approvals", r -> r.queryParam("state", "pending").get("/approvals"));
        walk.call("GET", "/api/v1/approvals/" + approval, r -> r.get("/approvals/{id}", approval));
        walk.call("POST", "/api/v1/approvals/" + approval + "/approve", r -> r.contentType(ContentType.JSON).body("{\"comment\": \"ok\"}")
                .post("/approvals/{id}/approve", approval));
        walk.call("POST", "/api/v1/approvals/" + approval + "/reject", r -> r.contentType(ContentType.JSON).body("{\"comment\": \"late\"}")
                .post("/approvals/{id}/reject", approval));
        walk.call("GET", "/api/v1/dead-letters", r -> r.get("/dead-letters"));
        walk.call("GET", "/api/v1/me", r -> r.get("/me"));
        String token = uniqueName("openapi-token");
        walk.call("POST", "/api/v1/tokens", r -> r.contentType(ContentType.JSON).body("{\"name\": \"" + token + "\", \"role\": \"viewer\"}")
                .post("/tokens"));
        walk.call("GET", "/api/v1/tokens", r -> r.get("/tokens"));
        walk.call("DELETE", "/api/v1/tokens/" + token, r -> r.delete("/tokens/{t}", token));
        walk.call("GET", "/api/v1/processes/no-such-process", r -> r.get("/processes/{n}", "no-such-process"));
        walk.call("POST", "/api/v1/processes", r -> r.contentType("application/yaml").body("name: [").post("/processes"));
        walk.call("DELETE", "/api/v1/processes/" + name, r -> r.delete("/processes/{n}", name));

        assertThat(walk.seen).as("answers checked").isGreaterThan(20);
        assertThat(failures).as("answers the document does not describe").isEmpty();
    }

    /**
     * Every operation in the document, sent something malformed where it takes something: a path
     * parameter that names nothing, an integer query parameter that is not one, a body that does
     * not parse. Each answer is a 4xx problem, never a 5xx, HTML or a trace.
     */
    @Test
    void everyOperationRefusesAMalformedParameterWithAProblem() {
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "DELETE").contains(method)) {
                    continue;
                }
                boolean malformed = path.getKey().contains("{");
                String url = path.getKey().substring("/api/v1".length()).replaceAll("\\{[^/]+?}", "no-such-thing");
                RequestSpecification request = admin().urlEncodingEnabled(false);
                for (JsonNode parameter : op.getValue().path("parameters")) {
                    if ("query".equals(parameter.path("in").asText()) && "integer".equals(parameter.at("/schema/type").asText())) {
                        request = request.queryParam(parameter.path("name").asText(), "not-a-number");
                        malformed = true;
                    }
                }
                JsonNode content = op.getValue().at("/requestBody/content");
                if (content.isObject() && content.size() > 0) {
                    String type = content.fieldNames().next();
                    request = request.contentType(type).body(type.contains("json") ? "{\"broken\": " : "name: [");
                    malformed = true;
                }
                if (!malformed) {
                    continue;
                }
                sent++;
                Response response = request.request(method, url);
                String where = method + " " + url + " -> " + response.statusCode();
                if (response.statusCode() < 400 || response.statusCode() >= 500) {
                    failures.add(where + ": not a refusal of the client's input");
                } else if (!response.contentType().startsWith("application/problem+json")) {
                    failures.add(where + ": " + response.contentType());
                } else if (response.asString().contains("Exception") || response.asString().contains("at io.castellan")) {
                    failures.add(where + ": leaks " + response.asString());
                }
            }
        }
        assertThat(sent).as("operations sent something malformed").isGreaterThan(20);
        assertThat(failures).isEmpty();
    }

    /** Calls the API and checks each answer against the document. */
    private static final class Walk {
        private final List<String> failures;
        private int seen;

        Walk(List<String> failures) {
            this.failures = failures;
        }

        Response call(String method, String path, Function<RequestSpecification, Response> request) {
            Response response = request.apply(admin());
            seen++;
            String where = method + " " + path + " -> " + response.statusCode();
            String template = template(path);
            if (template == null) {
                failures.add(where + ": no path of the document matches");
                return response;
            }
            JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
            if (operation.isMissingNode()) {
                failures.add(where + ": " + template + " has no " + method);
                return response;
            }
            String status = Integer.toString(response.statusCode());
            JsonNode described = operation.path("responses").path(status);
            if (described.isMissingNode() && response.statusCode() >= 400) {
                described = operation.path("responses").path("default");
            }
            if (described.has("$ref")) {
                // a shared response, under components/responses
                described = document.at(described.get("$ref").asText().substring(1));
            }
            if (described.isMissingNode()) {
                failures.add(where + ": " + template + " documents " + iterable(operation.path("responses").fieldNames()) + ", not " + status);
                return response;
            }
            String body = response.asString();
            if (body.isEmpty()) {
                return response;
            }
            String mediaType = response.contentType().split(";")[0].trim();
            JsonNode media = described.path("content").path(mediaType);
            if (media.isMissingNode()) {
                failures.add(where + ": answered " + mediaType + ", documented " + iterable(described.path("content").fieldNames()));
                return response;
            }
            if (media.has("schema")) {
                try {
                    Set<ValidationMessage> errors = SCHEMAS.getSchema(inline(media.get("schema"), 0)).validate(JSON.readTree(body));
                    if (!errors.isEmpty()) {
                        failures.add(where + ": the body does not fit the documented schema: " + errors);
                    }
                } catch (java.io.IOException e) {
                    failures.add(where + ": the body is not JSON: " + body);
                }
            }
            return response;
        }

        /** The document's path for a concrete one: its literal segments first, as JAX-RS matches. */
        private static String template(String path) {
            List<String> matching = new ArrayList<>();
            document.path("paths").fieldNames().forEachRemaining(t -> {
                if (path.matches(t.replaceAll("\\{[^/]+?}", "[^/]+"))) {
                    matching.add(t);
                }
            });
            return matching.stream().min(Comparator.comparingInt((String t) -> t.split("\\{").length)).orElse(null);
        }

        /** The schema with its $refs to components replaced by what they name (the validator reads it alone). */
        private static JsonNode inline(JsonNode schema, int depth) {
            if (depth > 20 || schema == null) {
                return JSON.createObjectNode();
            }
            if (schema.isObject()) {
                if (schema.has("$ref")) {
                    String ref = schema.get("$ref").asText();
                    return inline(document.at(ref.substring(1)), depth + 1);
                }
                ObjectNode copy = JSON.createObjectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    copy.set(field.getKey(), inline(field.getValue(), depth + 1));
                }
                return copy;
            }
            if (schema.isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
                schema.forEach(item -> copy.add(inline(item, depth + 1)));
                return copy;
            }
            return schema;
        }

        private static List<String> iterable(Iterator<String> names) {
            List<String> list = new ArrayList<>();
            names.forEachRemaining(list::add);
            return list;
        }
    }
}

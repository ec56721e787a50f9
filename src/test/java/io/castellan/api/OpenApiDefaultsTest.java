package io.castellan.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * META-INF/openapi.yaml gives every operation its {@code default} response, a problem (RFC 9457),
 * operation by operation: Liberty reads the document it kept from the last start only when no
 * OASFilter is configured, so the list is written out instead of added by a filter. A resource
 * method added, moved or removed without its line in the list fails here.
 */
class OpenApiDefaultsTest {

    private static final String PROBLEM = "#/components/responses/Problem";

    @Test
    void everyOperationOfTheApiHasItsProblemAnswerListedAndNothingElseIsListed() throws Exception {
        JsonNode paths = document().path("paths");
        Set<String> listed = new TreeSet<>();
        paths.properties().stream().filter(p -> p.getKey().startsWith("/api/v1/")).forEach(path ->
                path.getValue().properties().forEach(op -> {
                    listed.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    assertThat(op.getValue().toString()).as(op.getKey() + " " + path.getKey())
                            .isEqualTo("{\"responses\":{\"default\":{\"$ref\":\"" + PROBLEM + "\"}}}");
                }));
        assertThat(listed).as("operations of /api/v1 in openapi.yaml").containsExactlyInAnyOrderElementsOf(resourceOperations());
    }

    @Test
    void everyOperationInTheFileHasTheSharedProblemAsItsDefault() throws Exception {
        JsonNode document = document();
        assertThat(document.at("/components/responses/Problem/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        int described = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                assertThat(op.getValue().at("/responses/default/$ref").asText()).as(op.getKey() + " " + path.getKey()).isEqualTo(PROBLEM);
                described++;
            }
        }
        assertThat(described).as("operations in the file").isGreaterThan(50);
    }

    /** "GET /api/v1/processes/{name}" for each resource method of the management API. */
    private static Set<String> resourceOperations() {
        Set<String> operations = new TreeSet<>();
        for (Class<?> type : new ApiApplication().getClasses()) {
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = verb(method);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    operations.add(verb + " " + template("/api/v1/" + root.value() + (sub == null ? "" : "/" + sub.value())));
                }
            }
        }
        assertThat(operations).as("operations found").hasSizeGreaterThan(50);
        return operations;
    }

    private static String verb(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** The path as OpenAPI writes it: no doubled or trailing slash, no regular expression in a parameter. */
    private static String template(String path) {
        String plain = path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }

    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApiDefaultsTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }
}

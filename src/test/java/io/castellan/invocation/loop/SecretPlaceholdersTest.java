package io.castellan.invocation.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretPlaceholdersTest {

    private static final JsonNode ARGS = Json.read("""
            {"url": "https://api.example.com", "headers": {"Authorization": "Bearer ${secret:API_TOKEN}"},
             "body": ["${secret:A}-${secret:B}", 3, "${secret:}", "$secret:C", "${secret:1X}"]}
            """);

    @Test
    void findsEveryPlaceholderInNestedTextOnly() {
        assertThat(SecretPlaceholders.names(ARGS)).containsExactly("A", "API_TOKEN", "B");
    }

    @Test
    void fillsACopyAndLeavesTheOriginalAsJournaled() {
        JsonNode filled = SecretPlaceholders.fill(ARGS, Map.of("API_TOKEN", "t$1\\x", "A", "a", "B", "b"));

        assertThat(filled.at("/headers/Authorization").asText()).isEqualTo("Bearer t$1\\x");
        assertThat(filled.at("/body/0").asText()).isEqualTo("a-b");
        assertThat(filled.at("/body/1").asInt()).isEqualTo(3);
        assertThat(ARGS.at("/headers/Authorization").asText()).isEqualTo("Bearer ${secret:API_TOKEN}");
    }
}

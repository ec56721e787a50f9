package io.castellan.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.castellan.platform.Json;
import org.junit.jupiter.api.Test;

class ToolSchemasTest {

    private final StateSetTool stateSet = new StateSetTool();

    @Test
    void acceptsArgumentsThatFitTheSchema() {
        assertThat(ToolSchemas.violations(stateSet.specification(), Json.read("{\"key\": \"k\", \"value\": [1, {\"a\": 2}]}"))).isEmpty();
        assertThat(ToolSchemas.violations(stateSet.specification(), Json.read("{\"key\": \"k\", \"value\": null}"))).isEmpty();
    }

    @Test
    void namesWhatIsWrong() {
        assertThat(ToolSchemas.violations(stateSet.specification(), Json.read("{\"value\": 1}"))).get().asString().contains("key");
        assertThat(ToolSchemas.violations(stateSet.specification(), Json.read("{\"key\": 5, \"value\": 1}"))).get().asString()
                .contains("string");
        assertThat(ToolSchemas.violations(stateSet.specification(), TextNode.valueOf("{not json"))).get().asString()
                .contains("must be a JSON object");
    }

    @Test
    void describesTheSchemaAsJsonSchema() {
        assertThat(ToolSchemas.asJsonSchema(new HttpRequestTool().specification()).path("required").toString()).isEqualTo("[\"url\"]");
    }
}

package io.castellan.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.castellan.platform.Json;
import io.castellan.tool.Tool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HookedToolTest {

    private final List<JsonNode> seen = new ArrayList<>();

    /** Echoes its arguments as its result, and remembers what it was given. */
    private final Tool echo = new Tool() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("echo").build();
        }

        @Override
        public JsonNode execute(ToolContext context, JsonNode args) {
            seen.add(args);
            return args;
        }
    };

    private static Hook hook(String name, String addBefore, String addAfter, boolean refuse) {
        return new Hook() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public JsonNode beforeToolCall(HookContext context, String tool, JsonNode args) {
                if (refuse) {
                    throw new HookRefusal("not today");
                }
                return ((ObjectNode) args.deepCopy()).put(addBefore, tool);
            }

            @Override
            public JsonNode afterToolCall(HookContext context, String tool, JsonNode args, JsonNode result) {
                return ((ObjectNode) result.deepCopy()).put(addAfter, args.size());
            }
        };
    }

    @Test
    void hooksChangeTheArgumentsAndTheResultInTheOrderNamed() {
        HookedTool hooked = new HookedTool(echo, List.of(hook("first", "a", "x", false), hook("second", "b", "y", false)), null);
        JsonNode result = hooked.execute(null, Json.object().put("in", 1));
        assertThat(seen).singleElement().hasToString("{\"in\":1,\"a\":\"echo\",\"b\":\"echo\"}");
        assertThat(result).hasToString("{\"in\":1,\"a\":\"echo\",\"b\":\"echo\",\"x\":3,\"y\":3}");
    }

    @Test
    void aRefusalIsTheToolsErrorAndTheToolDoesNotRun() {
        HookedTool hooked = new HookedTool(echo, List.of(hook("guard", "a", "x", true)), null);
        assertThatThrownBy(() -> hooked.execute(null, Json.object())).isInstanceOf(ToolException.class)
                .hasMessage("refused by hook 'guard': not today");
        assertThat(seen).isEmpty();
    }
}

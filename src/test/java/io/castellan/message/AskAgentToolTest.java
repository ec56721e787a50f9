package io.castellan.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.castellan.platform.Json;
import io.castellan.tool.ToolException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The timeouts {@code ask_agent} takes. */
class AskAgentToolTest {

    @Test
    void aTimeoutIsADurationFromOneSecondToSevenDays() {
        assertThat(AskAgentTool.timeout(null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(AskAgentTool.timeout(TextNode.valueOf("30s"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(AskAgentTool.timeout(TextNode.valueOf("2h"))).isEqualTo(Duration.ofHours(2));
        assertThat(AskAgentTool.timeout(TextNode.valueOf("7d"))).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> AskAgentTool.timeout(TextNode.valueOf("8d"))).isInstanceOf(ToolException.class).hasMessageContaining("1s to 7d");
        assertThatThrownBy(() -> AskAgentTool.timeout(TextNode.valueOf("0s"))).isInstanceOf(ToolException.class).hasMessageContaining("1s to 7d");
        assertThatThrownBy(() -> AskAgentTool.timeout(TextNode.valueOf("soon"))).isInstanceOf(ToolException.class).hasMessageContaining("30s, 5m");
        assertThatThrownBy(() -> AskAgentTool.timeout(Json.object())).isInstanceOf(ToolException.class).hasMessageContaining("30s, 5m");
    }
}

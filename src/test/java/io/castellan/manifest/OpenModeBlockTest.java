package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import org.junit.jupiter.api.Test;

class OpenModeBlockTest {

    private final ManifestParser parser = new ManifestParser(name -> null);

    @Test
    void openModeGivesItsToolsGatesThoseThatNeedApprovalAndDeclaresHttpTools() {
        Manifest manifest = parser.parse("""
                name: open
                model: scripted
                tools: [state_set]
                network: {allow: [api.example.com, '*.mcp.example.com']}
                open_mode:
                  tools: [rewrite_instructions, create_tool, memory_store]
                  mcp_hosts: ['*.mcp.example.com']
                  require_approval: [rewrite_instructions]
                  max_spawned: 2
                http_tools:
                  - name: weather
                    description: the weather
                    method: post
                    url: 'https://api.example.com/weather/{city}?days={days}'
                    parameters: {type: object, properties: {city: {type: string}, days: {type: integer, description: how many}}, required: [city]}
                script:
                  - {tool: forecast_later, args: {}}
                  - {reply: ok}
                """);
        assertThat(manifest.tools()).containsExactly("state_set", "rewrite_instructions", "create_tool", "memory_store");
        assertThat(manifest.approval().gates("rewrite_instructions")).isTrue();
        assertThat(manifest.openMode().maxSpawned()).isEqualTo(2);
        assertThat(manifest.openMode().maxTriggers()).isEqualTo(10);
        HttpToolSpec weather = manifest.httpTools().get(0);
        assertThat(weather.method()).isEqualTo("POST");
        assertThat(weather.params()).containsExactly(new HttpToolSpec.Param("city", "string", null, true),
                new HttpToolSpec.Param("days", "integer", "how many", false));
    }

    @Test
    void httpToolsAreCheckedFieldByField() {
        assertThatThrownBy(() -> parser.parse("""
                name: tools
                model: scripted
                tools: [state_set]
                network: {allow: [api.example.com]}
                http_tools:
                  - {name: state_set, description: x, url: 'https://api.example.com/'}
                  - {name: far, description: x, url: 'https://other.example.com/'}
                  - {name: odd, description: x, url: 'https://api.example.com/{nope}'}
                  - {name: kinds, description: x, url: 'https://api.example.com/', parameters: {properties: {a: {type: array}}}}
                script:
                  - {reply: ok}
                """)).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("http_tools[0].name", "http_tools[1].url", "http_tools[2].url", "http_tools[3].parameters.properties.a.type"));
    }
}

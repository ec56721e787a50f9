package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    private final ManifestParser parser = new ManifestParser(Map.of("HOOK_KEY", "k", "OPENAI_KEY", "sk-test")::get);

    private static final String EXAMPLE = """
            name: pipeline-monitor
            description: Watches the nightly pipeline
            model: scripted
            script:
              - tool: http_request
                args: {method: GET, url: "{{trigger.payload.url}}"}
              - reply: done
            tools: [http_request, state_set]
            network:
              allow: ["127.0.0.1", "*.example.com"]
            triggers:
              - cron: "*/5 * * * *"
                timezone: Europe/Berlin
              - webhook: /alert
                secret: ${HOOK_KEY}
            restart_policy: never
            max_consecutive_failures: 2
            max_steps: 7
            start: false
            """;

    @Test
    void readsEveryFieldOfAValidManifest() {
        Manifest m = parser.parse(EXAMPLE);

        assertThat(m.name()).isEqualTo("pipeline-monitor");
        assertThat(m.script()).hasSize(2);
        assertThat(m.script().get(0).tool()).isEqualTo("http_request");
        assertThat(m.script().get(1).reply()).isEqualTo("done");
        assertThat(m.networkAllow()).containsExactly("127.0.0.1", "*.example.com");
        assertThat(m.cronTriggers()).singleElement().satisfies(c -> {
            assertThat(c.schedule().minute()).isEqualTo("*/5");
            assertThat(c.schedule().timezone()).isEqualTo("Europe/Berlin");
        });
        assertThat(m.webhooks()).containsExactly(new TriggerSpec.Webhook("/alert", "HOOK_KEY"));
        assertThat(m.restartPolicy()).isEqualTo(Manifest.RestartPolicy.NEVER);
        assertThat(m.maxConsecutiveFailures()).isEqualTo(2);
        assertThat(m.maxSteps()).isEqualTo(7);
        assertThat(m.start()).isFalse();
    }

    @Test
    void anInputSchemaThatPointsOutsideItselfIsRefusedAtTheDeploy() {
        String manifest = "name: a\nmodel: scripted\nscript: [{reply: hi}]\nexpose:\n  mcp: true\n  input_schema:\n    type: object\n"
                + "    properties: {city: %s}\n";
        assertThatThrownBy(() -> parser.parse(manifest.formatted("{$ref: 'http://169.254.169.254/latest/meta-data'}")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("expose.input_schema");
                    assertThat(error.reason()).contains("'$ref' may point only within the schema", "169.254.169.254");
                }));
        assertThat(parser.parse(manifest.formatted("{$ref: '#/$defs/city'}") + "    $defs: {city: {type: string}}\n").expose().schema()
                .path("$defs").has("city")).isTrue();
        // a version stored before the rule is read as it was (a call refuses the schema)
        assertThat(ManifestParser.forStored().parse(manifest.formatted("{$ref: 'http://169.254.169.254/x'}")).expose().schema()
                .path("properties").path("city").path("$ref").asText()).isEqualTo("http://169.254.169.254/x");
    }

    @Test
    void aSecondYamlDocumentIsRefusedNotDropped() {
        assertThatThrownBy(() -> parser.parse("name: a\nmodel: scripted\nscript: [{reply: hi}]\n---\nname: b\nmodel: scripted\n"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).singleElement().satisfies(error -> {
                        assertThat(error.field()).isEqualTo("manifest");
                        assertThat(error.reason()).contains("one YAML document", "line 5"); // the second one's first key
                    });
                });
        assertThatThrownBy(() -> parser.parse("{\"name\": \"a\", \"model\": \"scripted\", \"script\": [{\"reply\": \"hi\"}]} {\"name\": \"b\"}"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));
        // one document, marked as such, and a stored manifest as it was deployed
        assertThat(parser.parse("---\nname: a\nmodel: scripted\nscript: [{reply: hi}]\n...\n").name()).isEqualTo("a");
        assertThat(ManifestParser.forStored().parse("name: a\nmodel: scripted\nscript: [{reply: hi}]\n---\nname: b\n").name())
                .isEqualTo("a");
    }

    @Test
    void acceptsJsonAndAppliesDefaults() {
        Manifest m = parser.parse("{\"name\": \"a\", \"model\": \"scripted\", \"script\": [{\"reply\": \"hi\"}]}");

        assertThat(m.maxSteps()).isEqualTo(25);
        assertThat(m.maxConsecutiveFailures()).isEqualTo(3);
        assertThat(m.restartPolicy()).isEqualTo(Manifest.RestartPolicy.ON_FAILURE);
        assertThat(m.start()).isTrue();
        assertThat(m.tools()).isEmpty();
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        List<FieldError> errors = errorsOf("""
                name: Not_Valid
                model: scripted
                tools: [shell]
                script:
                  - tool: state_set
                  - {tool: state_get, reply: x}
                triggers:
                  - cron: "61 * * * *"
                  - webhook: /a
                    secret: literal
                  - webhook: /b
                    secret: ${UNSET}
                  - {cron: "* * * * *", timezone: Mars/Base}
                max_steps: 0
                colour: blue
                """);

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "colour", "name", "tools[0]", "script[0].tool", "script[1]", "triggers[0].cron",
                "triggers[1].secret", "triggers[2].secret", "triggers[3].timezone", "max_steps");
    }

    @Test
    void readsAProviderModelWithItsOptions() {
        Manifest m = parser.parse("""
                name: a
                model: openai:gpt-5-mini
                model_options:
                  base_url: http://127.0.0.1:8000/v1
                  api_key: ${OPENAI_KEY}
                  temperature: 0.2
                  max_output_tokens: 2048
                  timeout: 1500ms
                  max_retries: 2
                  prices: {input: 0.25, output: 2.0}
                context: {max_tokens: 4000, compaction: truncate}
                network: {allow: [127.0.0.1]}
                mcp_servers:
                  - {name: files, url: http://127.0.0.1:3001/mcp}
                  - {name: calc, command: [java, -jar, calc.jar], timeout: 5s}
                """);
        assertThat(m.provider()).isEqualTo("openai");
        assertThat(m.modelName()).isEqualTo("gpt-5-mini");
        assertThat(m.modelOptions().apiKeyVariable()).isEqualTo("OPENAI_KEY");
        assertThat(m.modelOptions().timeout()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(m.modelOptions().maxRetries()).isEqualTo(2);
        assertThat(m.modelOptions().prices().cachedInput()).isEqualByComparingTo("0.25");
        assertThat(m.context()).isEqualTo(new ContextOptions(4000, ContextOptions.Compaction.TRUNCATE));
        assertThat(m.mcpServers()).extracting(McpServerSpec::name).containsExactly("files", "calc");
        assertThat(m.mcpServers().get(1).command()).containsExactly("java", "-jar", "calc.jar");
    }

    @Test
    void refusesAnApiKeyWrittenIntoTheManifest() {
        assertThat(errorsOf("{name: a, model: 'openai:gpt-5-mini', model_options: {api_key: sk-live-123}}"))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("model_options.api_key");
                    assertThat(e.reason()).contains("${NAME}");
                });
    }

    @Test
    void requiresAKeyForAHostedProvider() {
        assertThat(errorsOf("{name: a, model: 'anthropic:claude-sonnet-4-5'}"))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("model_options.api_key");
                    assertThat(e.reason()).contains("ANTHROPIC_API_KEY");
                });
        assertThat(parser.parse("{name: a, model: 'ollama:llama3.2'}").modelOptions().apiKeyVariable()).isNull();
    }

    @Test
    void namesEachInvalidModelOption() {
        assertThat(errorsOf("""
                {name: a, model: 'ollama:llama3.2', model_options: {base_url: 'ftp://x', temperature: 3, timeout: soon,
                 max_retries: 99, prices: {input: -1, output: 1}, colour: red},
                 context: {compaction: forget}, mcp_servers: [{name: x, url: 'http://h/mcp', command: [a]}, {url: 'http://h'}]}
                """)).extracting(FieldError::field).containsExactlyInAnyOrder(
                "model_options.base_url", "model_options.temperature", "model_options.timeout", "model_options.max_retries",
                "model_options.prices.input", "model_options.colour", "context.compaction", "mcp_servers[0]", "mcp_servers[1].name");
    }

    @Test
    void letsAScriptCallAnMcpTool() {
        Manifest m = parser.parse("""
                {name: a, model: scripted, mcp_servers: [{name: calc, url: 'http://127.0.0.1:1/mcp'}],
                 network: {allow: [127.0.0.1]}, script: [{tool: calc__add, args: {a: 1, b: 2}}, {reply: done}]}
                """);
        assertThat(m.script().get(0).tool()).isEqualTo("calc__add");
        assertThat(errorsOf("{name: a, model: scripted, script: [{tool: calc__add}, {reply: done}]}"))
                .extracting(FieldError::field).containsExactly("script[0].tool");
    }

    @Test
    void refusesAnUnknownModel() {
        assertThat(errorsOf("{name: a, model: gpt}")).extracting(FieldError::field).containsExactly("model");
    }

    @Test
    void refusesAWebhookPathDeclaredTwice() {
        assertThat(errorsOf("""
                {name: a, model: scripted, script: [{reply: x}],
                 triggers: [{webhook: /a, secret: "${HOOK_KEY}"}, {webhook: /a, secret: "${HOOK_KEY}"}]}
                """)).extracting(FieldError::field).containsExactly("triggers[1].webhook");
    }

    @Test
    void malformedYamlIsAProblemWithAPosition() {
        assertThatThrownBy(() -> parser.parse("name: [oops"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("line 1");
                });
    }

    @Test
    void aTemplateTheEngineWouldNotRenderIsRefusedAtDeployWithItsField() {
        assertThat(errorsOf("""
                name: a
                model: scripted
                tools: [http_request]
                script:
                  - tool: http_request
                    args: {url: "http://127.0.0.1/x", headers: {X: "{{> /etc/passwd}}"}}
                  - reply: "{{#open}} never closed"
                  - reply: "{{< base}}{{/base}}"
                """)).extracting(FieldError::field).containsExactly("script[0].args.headers.X", "script[1].reply", "script[2].reply");
        assertThat(errorsOf("name: a\nmodel: scripted\nscript: [{reply: \"{{> /etc/passwd}}\"}]\n"))
                .singleElement().satisfies(e -> assertThat(e.reason()).contains("partials"));
    }

    @Test
    void anMcpServerOverHttpMustBeInNetworkAllowAndACommandGetsOnlyItsEnv() {
        assertThat(errorsOf("{name: a, model: scripted, mcp_servers: [{name: far, url: 'http://mcp.example.com/x'}], script: [{reply: x}]}"))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("mcp_servers[0].url");
                    assertThat(e.reason()).contains("'mcp.example.com'", "network.allow");
                });
        Manifest m = parser.parse("{name: a, model: scripted, mcp_servers: [{name: f, command: [x], env: {A: 1, B: '${HOME}'}}], script: [{reply: x}]}");
        assertThat(m.mcpServers().get(0).env()).containsEntry("A", "1").containsEntry("B", "${HOME}");
        assertThat(errorsOf("{name: a, model: scripted, mcp_servers: [{name: f, command: [x], env: {'1BAD': x, C: [1]}}], script: [{reply: x}]}"))
                .extracting(FieldError::field).containsExactly("mcp_servers[0].env.1BAD", "mcp_servers[0].env.C");
    }

    /** Rules added after a version was stored hold for deploys; what was stored still loads as it was accepted. */
    @Test
    void aStoredManifestLoadsUnderTheRulesItWasAcceptedBy() {
        String old = "name: a\nmodel: scripted\nmcp_servers: [{name: far, url: 'http://mcp.example.com/x'}]\nscript: [{reply: \"{{> p}}\"}]\nname: b\n";
        assertThatThrownBy(() -> parser.parse(old)).isInstanceOf(ProblemException.class);
        assertThat(ManifestParser.forStored().parse(old).name()).isEqualTo("b");
    }

    @Test
    void aKeyTwiceInOneMappingIsRefusedWithItsLine() {
        assertThatThrownBy(() -> parser.parse("name: a\nmodel: scripted\nscript: [{reply: x}]\nname: b\n"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("line 4").contains("'name' appears twice");
                });
        assertThatThrownBy(() -> parser.parse("name: a\nmodel: scripted\nscript: [{reply: x, reply: y}]\n"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage()).contains("'reply' appears twice"));
    }

    @Test
    void aManifestNestedTooDeeplyNamesTheLimitNotTheParser() {
        assertThatThrownBy(() -> parser.parse("a: " + "[".repeat(2000) + "]".repeat(2000)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage())
                        .contains("nested too deeply").doesNotContain("StreamReadConstraints").doesNotContain("()"));
    }

    @Test
    void aManifestMustBeAnObject() {
        assertThat(errorsOf("- just\n- a list")).extracting(FieldError::field).containsExactly("manifest");
    }

    private List<FieldError> errorsOf(String manifest) {
        try {
            parser.parse(manifest);
        } catch (ProblemException e) {
            return e.errors();
        }
        throw new AssertionError("expected the manifest to be refused");
    }
}

package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    private final ManifestParser parser = new ManifestParser(Map.of("HOOK_KEY", "k")::get);

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
    void namesAProviderThatIsNotConfigured() {
        assertThat(errorsOf("{name: a, model: 'anthropic:claude-sonnet-4-5'}"))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("model");
                    assertThat(e.reason()).contains("not configured");
                });
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

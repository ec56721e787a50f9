package io.castellan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.ManifestParser;
import io.castellan.platform.Json;
import org.junit.jupiter.api.Test;

class ScriptedModelTest {

    private final Manifest manifest = new ManifestParser(v -> null).parse("""
            name: a
            model: scripted
            tools: [http_request, state_set]
            script:
              - tool: http_request
                args: {url: "{{trigger.payload.url}}", headers: {X-Run: "run {{trigger.payload.n}}"}}
              - tool: state_set
                args: {key: status, value: "{{steps.0.result.status}}"}
              - reply: "answered {{steps.0.result.status}}, state was {{state.status}}"
            """);

    private final ScriptedModel model = new ScriptedModel();

    @Test
    void playsTheScriptTurnByTurnWithTemplatesFilledIn() {
        ObjectNode context = context();

        ModelResponse first = model.respond(ModelRequest.scripted("i", 0, manifest, context));
        assertThat(first.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.tool()).isEqualTo("http_request");
            assertThat(call.args().get("url").asText()).isEqualTo("http://127.0.0.1/x");
            assertThat(call.args().at("/headers/X-Run").asText()).isEqualTo("run 7");
        });

        context.with("steps").putObject("0").putObject("result").put("status", 204);
        ModelResponse second = model.respond(ModelRequest.scripted("i", 1, manifest, context));
        assertThat(second.toolCalls().get(0).args().get("value").isInt()).as("a whole-tag template keeps the JSON type").isTrue();
        assertThat(second.toolCalls().get(0).args().get("value").asInt()).isEqualTo(204);

        ModelResponse third = model.respond(ModelRequest.scripted("i", 2, manifest, context));
        assertThat(third.isReply()).isTrue();
        assertThat(third.reply()).isEqualTo("answered 204, state was old");
    }

    @Test
    void aPartialFailsTheRenderingWithAReasonAndLoadsNoFile() {
        assertThatThrownBy(() -> Templates.renderString("x {{> /etc/passwd}}", context()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("partials")
                .hasMessageNotContaining("root:");
    }

    @Test
    void aMissingValueIsAClearModelError() {
        ObjectNode context = context();
        ((ObjectNode) context.get("trigger")).putObject("payload");

        assertThatThrownBy(() -> model.respond(ModelRequest.scripted("i", 0, manifest, context)))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("script[0]")
                .hasMessageContaining("trigger.payload.url");
    }

    @Test
    void aScriptThatEndsWithoutAReplyFails() {
        assertThatThrownBy(() -> model.respond(ModelRequest.scripted("i", 3, manifest, context())))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("without a reply");
    }

    @Test
    void responsesSurviveTheJournalRoundTrip() {
        ModelResponse response = model.respond(ModelRequest.scripted("i", 0, manifest, context()));
        assertThat(ModelResponse.fromJson(Json.read(response.toJson().toString()))).isEqualTo(response);
    }

    private static ObjectNode context() {
        ObjectNode context = Json.object();
        context.putObject("trigger").putObject("payload").put("url", "http://127.0.0.1/x").put("n", 7);
        context.putObject("steps");
        context.putObject("state").put("status", "old");
        return context;
    }
}

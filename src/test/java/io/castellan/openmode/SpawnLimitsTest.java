package io.castellan.openmode;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.manifest.Manifest;
import io.castellan.manifest.ManifestParser;
import org.junit.jupiter.api.Test;

class SpawnLimitsTest {

    private static final ManifestParser PARSER = new ManifestParser(name -> null);

    private static final Manifest PARENT = PARSER.parse("""
            name: parent
            model: scripted
            tools: [state_set, http_request]
            network: {allow: ['*.example.com', 127.0.0.1]}
            budget: {max_daily_cost: 2.50, max_tool_calls_per_invocation: 10}
            open_mode: {tools: [spawn_process], max_spawned: 2}
            script:
              - {reply: ok}
            """);

    private static Manifest child(String extra) {
        return PARSER.parse("name: child\nmodel: scripted\n" + extra + "script:\n  - {reply: ok}\n");
    }

    @Test
    void aChildWithinItsParentsLimitsPasses() {
        assertThatCode(() -> SpawnLimits.check(PARENT, child("""
                tools: [state_set]
                network: {allow: [api.example.com, '*.eu.example.com']}
                budget: {max_daily_cost: 2.50, max_tool_calls_per_invocation: 3}
                """))).doesNotThrowAnyException();
    }

    @Test
    void aChildBeyondThemIsRefusedNamingTheLimit() {
        assertThatThrownBy(() -> SpawnLimits.check(PARENT, child("tools: [wait]\nbudget: {max_daily_cost: 1, max_tool_calls_per_invocation: 1}\n")))
                .isInstanceOf(Guardrail.class).hasMessageContaining("'wait'");
        assertThatThrownBy(() -> SpawnLimits.check(PARENT, child("network: {allow: [example.org]}\nbudget: {max_daily_cost: 1, max_tool_calls_per_invocation: 1}\n")))
                .hasMessageContaining("'example.org'");
        assertThatThrownBy(() -> SpawnLimits.check(PARENT, child("budget: {max_daily_cost: 1}\n")))
                .hasMessageContaining("budget.max_tool_calls_per_invocation of at most 10");
        assertThatThrownBy(() -> SpawnLimits.check(PARENT, child("budget: {max_daily_cost: 2.51, max_tool_calls_per_invocation: 1}\n")))
                .hasMessageContaining("budget.max_daily_cost of at most 2.5");
        assertThatThrownBy(() -> SpawnLimits.check(PARENT, child("open_mode: {tools: [inspect_state]}\n")))
                .hasMessageContaining("cannot have open_mode");
        assertThatThrownBy(() -> SpawnLimits.check(PARENT, child("secrets: {KEY: {}}\n")))
                .hasMessageContaining("cannot have secrets");
    }

    /** A parent on a provider's model at an endpoint of its operator's choice, with its key named. */
    private static final ManifestParser WITH_KEYS = new ManifestParser(name -> "set");

    private static final Manifest ON_A_PROVIDER = WITH_KEYS.parse("""
            name: parent
            model: openai:gpt-4o-mini
            model_options: {base_url: 'https://llm.example.com/v1', api_key: '${LLM_KEY}'}
            memory: {embedding: 'openai:text-embedding-3-small', base_url: 'https://llm.example.com/v1', api_key: '${LLM_KEY}'}
            tools: [http_request]
            network: {allow: [llm.example.com, webhook.example.com]}
            open_mode: {tools: [spawn_process], max_spawned: 2}
            """);

    private static Manifest onAProvider(String model, String extra) {
        return WITH_KEYS.parse("name: child\nmodel: " + model + "\nnetwork: {allow: [llm.example.com, webhook.example.com]}\n" + extra);
    }

    @Test
    void aChildCallsItsParentsModelAndEmbeddingEndpointsWithItsParentsKeys() {
        // the server sends a provider's key to the manifest's base_url: a child of the agent's making could have sent
        // the server's key (or any environment variable, named as api_key) to a host of the agent's choice
        String same = "model_options: {base_url: 'https://llm.example.com/v1', api_key: '${LLM_KEY}'}\n";
        assertThatCode(() -> SpawnLimits.check(ON_A_PROVIDER, onAProvider("openai:gpt-4o", same))).doesNotThrowAnyException();
        assertThatCode(() -> SpawnLimits.check(ON_A_PROVIDER, onAProvider("openai:gpt-4o", same
                + "memory: {embedding: 'openai:text-embedding-3-small', base_url: 'https://llm.example.com/v1', api_key: '${LLM_KEY}'}\n")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> SpawnLimits.check(ON_A_PROVIDER, onAProvider("openai:gpt-4o",
                "model_options: {base_url: 'https://webhook.example.com/v1', api_key: '${LLM_KEY}'}\n")))
                .isInstanceOf(Guardrail.class).hasMessageContaining("model_options.base_url");
        assertThatThrownBy(() -> SpawnLimits.check(ON_A_PROVIDER, onAProvider("openai:gpt-4o",
                "model_options: {base_url: 'https://llm.example.com/v1', api_key: '${DATABASE_PASSWORD}'}\n")))
                .isInstanceOf(Guardrail.class).hasMessageContaining("model_options.api_key");
        assertThatThrownBy(() -> SpawnLimits.check(ON_A_PROVIDER, onAProvider("openai:gpt-4o", "")))
                .isInstanceOf(Guardrail.class).hasMessageContaining("model_options.base_url (https://llm.example.com/v1)");
        assertThatThrownBy(() -> SpawnLimits.check(ON_A_PROVIDER, onAProvider("anthropic:claude-sonnet-4-5", same)))
                .isInstanceOf(Guardrail.class).hasMessageContaining("'openai'");
        assertThatThrownBy(() -> SpawnLimits.check(ON_A_PROVIDER, onAProvider("openai:gpt-4o", same
                + "memory: {embedding: 'openai:text-embedding-3-small', base_url: 'https://webhook.example.com/v1'}\n")))
                .isInstanceOf(Guardrail.class).hasMessageContaining("memory");
        // the in-server embedding model sends nothing anywhere
        assertThatCode(() -> SpawnLimits.check(ON_A_PROVIDER, onAProvider("openai:gpt-4o", same + "memory: {embedding: local}\n")))
                .doesNotThrowAnyException();
    }
}

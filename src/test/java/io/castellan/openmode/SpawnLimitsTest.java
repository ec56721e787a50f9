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
}

package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.platform.Json;
import org.junit.jupiter.api.Test;

/** The engine reads a process's state for a scripted turn only when the turn's templates may use it. */
class ScriptEntryTest {

    @Test
    void aTurnThatNamesTheStateReadsIt() {
        assertThat(new ScriptEntry(null, null, "count is {{state.count}}").readsState()).isTrue();
        assertThat(new ScriptEntry(null, null, "{{#state}}{{count}}{{/state}}").readsState()).isTrue();
        assertThat(new ScriptEntry("state_set", Json.read("{\"key\":\"k\",\"value\":\"{{ state.k }}\"}"), null).readsState()).isTrue();
    }

    @Test
    void aTurnThatDoesNotNameItDoesNotReadIt() {
        assertThat(new ScriptEntry(null, null, "done: {{steps.0.result.key}}").readsState()).isFalse();
        assertThat(new ScriptEntry("echo", Json.read("{\"text\":\"{{trigger.payload.n}}\"}"), null).readsState()).isFalse();
        assertThat(new ScriptEntry("echo", null, null).readsState()).isFalse();
    }
}

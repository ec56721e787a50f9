package io.castellan.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secret bytes are overwritten with zeros whenever Castellan lets them go: rotation, expiry, stop, failure. */
class DecryptedValuesTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean zeroed(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static DecryptedValues loaded(String process, Map<String, byte[]> values) {
        DecryptedValues cache = new DecryptedValues();
        Map<String, DecryptedValues.Value> loaded = new HashMap<>();
        values.forEach((name, b) -> loaded.put(name, new DecryptedValues.Value(b, Instant.EPOCH)));
        cache.adopt(process, loaded);
        return cache;
    }

    @Test
    void aRotatedOrForgottenValueIsZeroed() {
        byte[] first = bytes("first-value");
        byte[] other = bytes("other-value");
        DecryptedValues cache = loaded("p", Map.of("A", first, "B", other));

        byte[] second = bytes("second-value");
        cache.replace("p", "A", new DecryptedValues.Value(second, Instant.now()));
        assertThat(zeroed(first)).as("the rotated value").isTrue();
        assertThat(zeroed(second)).isFalse();

        cache.forget("p", "A");
        assertThat(zeroed(second)).as("an expired value").isTrue();
        assertThat(zeroed(other)).isFalse();
    }

    @Test
    void aLoadThatLostARaceZeroesItsCopies() {
        DecryptedValues cache = loaded("p", Map.of("A", bytes("kept")));
        byte[] late = bytes("late-copy");
        Map<String, DecryptedValues.Value> second = new HashMap<>(Map.of("A", new DecryptedValues.Value(late, Instant.EPOCH)));
        assertThat(new String(cache.adopt("p", second).get("A").bytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
        assertThat(zeroed(late)).isTrue();
    }

    /** The process's lifecycle, as the server raises it: a stop and a failure zero every value of that process only. */
    @Test
    void stoppingOrFailingAProcessZeroesAllItsValues() {
        for (ProcessState to : new ProcessState[] {ProcessState.STOPPED, ProcessState.FAILED}) {
            byte[] a = bytes("a-value");
            byte[] b = bytes("b-value");
            byte[] elsewhere = bytes("another-process");
            DecryptedValues cache = loaded("p", Map.of("A", a, "B", b));
            cache.adopt("q", new HashMap<>(Map.of("A", new DecryptedValues.Value(elsewhere, Instant.EPOCH))));

            new Secrets(cache).follow(new ProcessEvent(ProcessEvent.Kind.STATE_CHANGED, "p", ProcessState.RUNNING, to, 1, null, "test"));

            assertThat(zeroed(a) && zeroed(b)).as("values of p after " + to).isTrue();
            assertThat(cache.of("p")).isNull();
            assertThat(zeroed(elsewhere)).isFalse();
        }
    }

    @Test
    void pausingKeepsTheValues() {
        byte[] a = bytes("a-value");
        DecryptedValues cache = loaded("p", Map.of("A", a));
        new Secrets(cache).follow(new ProcessEvent(ProcessEvent.Kind.STATE_CHANGED, "p", ProcessState.RUNNING, ProcessState.PAUSED, 1, null, "test"));
        assertThat(zeroed(a)).isFalse();
    }
}

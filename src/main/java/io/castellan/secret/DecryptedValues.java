package io.castellan.secret;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The decrypted secret values held in memory, per process then secret name, as bytes that are
 * overwritten with zeros whenever one is let go: replaced (a rotation), expired, or all of a
 * process's at once when it stops, fails or is deleted. Nothing else keeps a copy of the bytes.
 */
final class DecryptedValues {

    /** A value and when it was set (the stored row's time: a different time means another server rotated it). */
    record Value(byte[] bytes, Instant setAt) {
    }

    private final Map<String, Map<String, Value>> byProcess = new ConcurrentHashMap<>();

    /** The process's values, or null when none were loaded. */
    Map<String, Value> of(String process) {
        return byProcess.get(process);
    }

    /** Keeps the values loaded for a process unless another thread got there first; returns the ones kept. */
    Map<String, Value> adopt(String process, Map<String, Value> loaded) {
        Map<String, Value> raced = byProcess.putIfAbsent(process, loaded);
        if (raced == null) {
            return loaded;
        }
        loaded.values().forEach(DecryptedValues::zero);
        return raced;
    }

    /**
     * Replaces a value of a process whose values are loaded; the old bytes are zeroed. When they are
     * not (never loaded, or let go meanwhile by a stop), nothing is kept and the caller's value is
     * left as it is: it is about to be used once.
     */
    void replace(String process, String name, Value value) {
        Map<String, Value> values = byProcess.get(process);
        if (values == null) {
            return;
        }
        Value old = values.put(name, value);
        if (old != null && old != value) {
            zero(old);
        }
    }

    void forget(String process, String name) {
        Map<String, Value> values = byProcess.get(process);
        Value gone = values == null ? null : values.remove(name);
        if (gone != null) {
            zero(gone);
        }
    }

    void forgetAll(String process) {
        Map<String, Value> values = byProcess.remove(process);
        if (values != null) {
            values.values().forEach(DecryptedValues::zero);
        }
    }

    private static void zero(Value value) {
        Arrays.fill(value.bytes(), (byte) 0);
    }
}

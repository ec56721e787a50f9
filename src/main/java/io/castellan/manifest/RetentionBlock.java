package io.castellan.manifest;

import io.castellan.platform.Durations;
import java.time.Duration;
import java.util.Set;

/**
 * Reads a manifest's {@code retention: {keep: 30d}}: how long the process's ended invocations, its
 * journal and its conversation are kept. Absent, the server's {@code castellan.retention.keep} holds.
 */
public final class RetentionBlock {

    static final Duration LONGEST = Duration.ofDays(36_500);

    private RetentionBlock() {
    }

    /** @return null when the manifest says nothing (the server's setting holds) */
    static Duration read(Fields manifest) {
        Fields retention = manifest.block("retention", Set.of("keep"));
        if (retention == null) {
            return null;
        }
        String keep = retention.text("keep", true);
        if (keep == null) {
            return null;
        }
        Duration parsed = parse(keep);
        if (parsed == null) {
            retention.error("keep", "must be how long to keep, such as 90d, 12h or 30m (from 1s to 36500d)");
        }
        return parsed;
    }

    /** {@code 90d}, {@code 12h}, {@code 30m}, {@code 45s}; null when it is none of those or out of range. */
    public static Duration parse(String keep) {
        Duration d = Durations.parse(keep);
        return d == null || d.compareTo(LONGEST) > 0 ? null : d;
    }
}

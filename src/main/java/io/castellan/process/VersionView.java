package io.castellan.process;

import java.time.Instant;

/**
 * One version of a process as the API shows it: when, by whom and why it was deployed, whether it
 * is the current one, and (for a single version) its manifest as submitted.
 */
public record VersionView(String process, int version, Instant created_at, String created_by, String reason, boolean current, String manifest) {

    static VersionView of(ProcessVersion v, String process, int current, boolean withManifest) {
        return new VersionView(process, v.version(), v.createdAt(), v.createdBy(), v.reason(), v.version() == current,
                withManifest ? v.manifestText() : null);
    }
}

package io.castellan.retention;

import io.castellan.manifest.RetentionBlock;
import io.castellan.platform.ServerSettings;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The server's retention settings: {@code castellan.retention.keep} (for processes whose manifest
 * says nothing), {@code castellan.audit.retention.keep} (the audit log), both empty for forever,
 * and {@code castellan.retention.sweep.seconds}, how often the sweep runs (default an hour).
 */
final class RetentionSettings {

    private static final Logger LOG = Logger.getLogger(RetentionSettings.class.getName());

    private RetentionSettings() {
    }

    /** @return null for forever */
    static Duration processes() {
        return keep("castellan/retention/keep");
    }

    /** @return null for forever */
    static Duration audit() {
        return keep("castellan/audit/retention/keep");
    }

    static Duration sweepEvery() {
        String text = ServerSettings.get("castellan/retention/sweep/seconds", "3600").strip();
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(text)));
        } catch (NumberFormatException e) {
            LOG.warning(() -> "castellan.retention.sweep.seconds is not a whole number (" + text + "); sweeping every hour");
            return Duration.ofHours(1);
        }
    }

    private static Duration keep(String name) {
        String text = ServerSettings.get(name, "").strip();
        if (text.isEmpty()) {
            return null;
        }
        Duration keep = RetentionBlock.parse(text);
        if (keep == null) {
            LOG.warning(() -> name + " is not a duration such as 90d (" + text + "); keeping everything");
        }
        return keep;
    }
}

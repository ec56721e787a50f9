package io.castellan.platform;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in manifests and requests: {@code 45s}, {@code 30m}, {@code 12h}, {@code 90d}. */
public final class Durations {

    private static final Pattern WRITTEN = Pattern.compile("(\\d{1,7})(s|m|h|d)");

    private Durations() {
    }

    /** The duration, or null when the text is not one (an empty or zero amount, another unit). */
    public static Duration parse(String text) {
        Matcher m = WRITTEN.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return d.isZero() ? null : d;
    }

    /** As a manifest writes it, in the largest whole unit: {@code 90d}, {@code 12h}, {@code 30m}, {@code 2s}, {@code 500ms}. */
    public static String written(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 86_400 == 0 && s > 0 ? s / 86_400 + "d" : s % 3600 == 0 && s > 0 ? s / 3600 + "h"
                : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }
}

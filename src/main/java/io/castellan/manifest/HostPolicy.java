package io.castellan.manifest;

import java.util.List;
import java.util.Locale;

/** Decides whether a manifest's {@code network.allow} list lets a tool reach a host. */
public final class HostPolicy {

    private HostPolicy() {
    }

    /** Patterns are exact hosts or {@code *.domain}, which matches any subdomain but not the domain itself. */
    public static boolean allows(List<String> patterns, String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            String p = pattern.toLowerCase(Locale.ROOT);
            if (p.startsWith("*.") ? h.endsWith(p.substring(1)) && h.length() > p.length() - 1 : h.equals(p)) {
                return true;
            }
        }
        return false;
    }
}

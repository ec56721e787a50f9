package io.castellan.platform;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Values the Liberty server hands the application as {@code <jndiEntry>} elements, so that
 * everything a deployment changes stays a server variable.
 */
public final class ServerSettings {

    private ServerSettings() {
    }

    public static String get(String name, String fallback) {
        try {
            Object value = InitialContext.doLookup(name);
            return value == null ? fallback : String.valueOf(value);
        } catch (NamingException e) {
            return fallback;
        }
    }
}

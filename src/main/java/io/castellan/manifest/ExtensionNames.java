package io.castellan.manifest;

import java.util.Set;

/**
 * The names a WAR built on Castellan adds (see the {@code extension} SPI): CDI beans that are tools,
 * hooks and prompt builders. A manifest may name them; the deploy check refuses names the server
 * does not have.
 */
public interface ExtensionNames {

    ExtensionNames NONE = new ExtensionNames() {
        @Override
        public Set<String> tools() {
            return Set.of();
        }

        @Override
        public Set<String> hooks() {
            return Set.of();
        }

        @Override
        public Set<String> promptBuilders() {
            return Set.of();
        }
    };

    /** Tools beyond the built-in ones. */
    Set<String> tools();

    Set<String> hooks();

    Set<String> promptBuilders();
}

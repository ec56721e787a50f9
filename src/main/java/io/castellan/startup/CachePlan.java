package io.castellan.startup;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the next start of this server does with the JVM's ahead-of-time cache, decided from how
 * this one started. A JVM either records the cache (written when it exits) or uses one, never
 * both, and Liberty reads the JVM's options from files before the server exists; so each start
 * leaves the next one's options: record while there is no cache for this JVM, use it once there is.
 *
 * @param cache the cache file this server records and uses
 */
record CachePlan(Path cache) {

    /** How this JVM was started with respect to the cache. */
    enum Mode {
        /** No cache option of Castellan's. */
        NONE,
        /** {@code -XX:AOTCacheOutput}: this JVM writes the cache when it exits. */
        RECORDING,
        /** {@code -XX:AOTCache}: this JVM started from the cache. */
        USING,
        /** A cache option naming another file: the operator's own, left to them. */
        OPERATOR
    }

    static final String MARK = "# Written by Castellan at each start for its start-up cache (castellan.startup.cache=false turns it off).";

    /** Whether an options file is one Castellan wrote (whatever its wording then), not the operator's. */
    static boolean written(String options) {
        return options.startsWith("# Written by Castellan");
    }

    Mode mode(List<String> jvmArguments) {
        Mode mode = Mode.NONE;
        for (String argument : jvmArguments) {
            if (argument.startsWith("-XX:AOTCacheOutput=") || argument.startsWith("-XX:AOTCache=")
                    || argument.startsWith("-XX:AOTMode=") || argument.startsWith("-XX:SharedArchiveFile=")) {
                if (!argument.equals(record()) && !argument.equals(use())) {
                    return Mode.OPERATOR;
                }
                mode = argument.equals(record()) ? Mode.RECORDING : Mode.USING;
            }
        }
        return mode;
    }

    /**
     * The options file the next start should find, or empty when it should find none.
     *
     * @param cacheMadeByThisJvm the cache exists and was recorded by a JVM like this one (same
     *                           runtime and class path): the JDK refuses a cache of another
     */
    Optional<String> next(boolean enabled, Mode mode, boolean cacheMadeByThisJvm) {
        if (!enabled || mode == Mode.OPERATOR) {
            return Optional.empty();
        }
        boolean useNext = mode == Mode.RECORDING || cacheMadeByThisJvm;
        return Optional.of(MARK + "\n" + (useNext ? use() : record()) + "\n");
    }

    private String record() {
        return "-XX:AOTCacheOutput=" + cache;
    }

    private String use() {
        return "-XX:AOTCache=" + cache;
    }
}

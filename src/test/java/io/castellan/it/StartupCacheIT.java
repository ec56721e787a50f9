package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The black-box server (its start-up cache on, as by default) leaves the JVM options of its next
 * start: record the cache in its data directory, or use it. That the starts after are shorter is
 * {@code StartupBenchmark}'s to show (a recording start and the stop that writes the cache take a
 * minute).
 */
class StartupCacheIT {

    private static final Path SERVER = Path.of(System.getProperty("wlp.dir", "target/liberty/wlp"), "usr/servers/castellan-it").toAbsolutePath();

    @Test
    void theServerLeavesItsNextStartTheCacheOptions() throws IOException {
        Path cache = SERVER.resolve("castellan/startup.aot");
        Path options = SERVER.resolve("configDropins/defaults/jvm.options");
        try {
            assertThat(Files.readAllLines(options))
                    .hasSize(2)
                    .satisfies(lines -> assertThat(lines.get(0)).startsWith("# Written by Castellan"))
                    .satisfies(lines -> assertThat(lines.get(1)).isIn("-XX:AOTCacheOutput=" + cache, "-XX:AOTCache=" + cache));
        } finally {
            // the build's later Liberty goals read every file there as server XML, and say so
            Files.deleteIfExists(options);
        }
    }
}

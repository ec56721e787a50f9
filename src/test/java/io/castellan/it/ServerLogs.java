package io.castellan.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The logs of the black-box server the build starts for the integration tests. */
final class ServerLogs {

    static final Path DIR = Path.of(System.getProperty("wlp.dir", "target/liberty/wlp"), "usr/servers/castellan-it/logs");

    private ServerLogs() {
    }

    /**
     * messages.log without the line in which Liberty lists the message ids it hides (the one place
     * a hidden id may appear).
     */
    static String messages() {
        try (var lines = Files.lines(DIR.resolve("messages.log"))) {
            return lines.filter(line -> !line.contains("TRAS3001I")).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

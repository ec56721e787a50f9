package io.castellan.manifest;

import io.castellan.platform.ServerSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The directories under which files triggers may watch: the server variable
 * {@code castellan.watch.roots}, absolute paths separated by commas; none by default.
 */
public final class WatchRoots {

    private WatchRoots() {
    }

    public static List<Path> configured() {
        return parse(ServerSettings.get("castellan/watch/roots", ""));
    }

    static List<Path> parse(String setting) {
        return Arrays.stream(setting.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of)
                .filter(Path::isAbsolute).map(Path::normalize).toList();
    }
}

package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code files} trigger: {@code {path: "/data/incoming/*.csv", events: [created, modified,
 * deleted], debounce: 2s}}. At deploy the path must lie under one of the server's watch roots
 * ({@code castellan.watch.roots}; none by default, so no process watches files until an operator
 * says where they may).
 */
final class FilesTrigger {

    private static final Set<String> FIELDS = Set.of("path", "events", "debounce");
    private static final Pattern GLOB = Pattern.compile("[*?\\[\\]{}]");
    private static final Duration LONGEST_DEBOUNCE = Duration.ofHours(1);

    private FilesTrigger() {
    }

    /** @param roots where files may be watched; null when not checked (a stored manifest) */
    static TriggerSpec.Files read(Fields trigger, JsonNode value, List<Path> roots) {
        if (value == null || value.isNull()) {
            trigger.error("files", "must be {path, events, debounce}");
            return null;
        }
        Fields files = trigger.block("files", FIELDS);
        if (files == null) {
            return null;
        }
        String path = files.text("path", true);
        Set<TriggerSpec.Files.Change> events = events(files);
        Duration debounce = files.duration("debounce", Duration.ofSeconds(2));
        if (debounce.compareTo(LONGEST_DEBOUNCE) > 0) {
            files.error("debounce", "may be at most 1h");
        }
        if (path == null || !pathOk(files, path, roots)) {
            return null;
        }
        return new TriggerSpec.Files(path, events, debounce);
    }

    private static boolean pathOk(Fields files, String path, List<Path> roots) {
        Path parsed;
        try {
            parsed = Path.of(path);
            FileSystems.getDefault().getPathMatcher("glob:" + (parsed.getFileName() == null ? "" : parsed.getFileName()));
        } catch (IllegalArgumentException e) {
            files.error("path", "is not a path with a glob: " + e.getMessage());
            return false;
        }
        if (!parsed.isAbsolute() || parsed.getParent() == null || path.length() > 1000) {
            files.error("path", "must be an absolute path of at most 1000 characters ending in a file name or glob, such as /data/incoming/*.csv");
            return false;
        }
        if (!parsed.normalize().toString().equals(parsed.toString()) || path.contains("/./") || path.contains("/../")) {
            files.error("path", "must not hold '.' or '..' segments: they would escape the watch root");
            return false;
        }
        if (GLOB.matcher(parsed.getParent().toString()).find()) {
            files.error("path", "may hold a glob only in its last segment (the file name), not in its directories");
            return false;
        }
        if (roots != null && roots.stream().noneMatch(parsed.getParent()::startsWith)) {
            files.error("path", roots.isEmpty()
                    ? "cannot be watched: this server allows no watch roots (set castellan.watch.roots)"
                    : "is outside the server's watch roots: " + String.join(", ", roots.stream().map(Path::toString).toList()));
            return false;
        }
        return true;
    }

    private static Set<TriggerSpec.Files.Change> events(Fields files) {
        JsonNode list = files.list("events", "must be a list of created, modified and deleted");
        if (list == null) {
            return EnumSet.of(TriggerSpec.Files.Change.CREATED, TriggerSpec.Files.Change.MODIFIED);
        }
        Set<TriggerSpec.Files.Change> events = EnumSet.noneOf(TriggerSpec.Files.Change.class);
        for (int i = 0; i < list.size(); i++) {
            try {
                events.add(TriggerSpec.Files.Change.valueOf(list.get(i).asText("").toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                files.error("events[" + i + "]", "must be created, modified or deleted");
            }
        }
        if (events.isEmpty() && list.size() == 0) {
            files.error("events", "must name at least one of created, modified and deleted");
        }
        return events;
    }
}

package io.castellan.trigger;

import io.castellan.manifest.TriggerSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/** What a files trigger's directory holds now: its regular files whose names match the glob (links are not followed). */
final class FileListing {

    /** The most files one watch keeps track of: the rest of a larger directory is not watched. */
    static final int MOST_FILES = 10_000;

    private FileListing() {
    }

    /** @throws IOException when the directory cannot be read ({@link NoSuchFileException} when it does not exist) */
    static Map<String, FileState> of(TriggerSpec.Files trigger) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + trigger.glob());
        Map<String, FileState> files = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(trigger.directory())) {
            for (Path entry : entries) {
                if (!matcher.matches(entry.getFileName()) || files.size() >= MOST_FILES) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    // removed between the listing and this look: the next scan sees it gone
                    continue;
                }
                if (attributes.isRegularFile()) {
                    files.put(entry.toString(), new FileState(attributes.size(),
                            attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MILLIS)));
                }
            }
        }
        return files;
    }
}

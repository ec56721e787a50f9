package io.castellan.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A file only its owner can read and write (mode 600), for what the server generates once: tokens, keys. */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    /** Writes the text, replacing the file if there is one. */
    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}

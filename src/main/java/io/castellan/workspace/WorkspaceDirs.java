package io.castellan.workspace;

import io.castellan.platform.ServerSettings;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where workspaces live: {@code <data dir>/workspaces/<invocation id>/}, holding {@code base} (the
 * reviewer's clean clone, never mounted in a sandbox), {@code exec} (the executor's copy, the only
 * directory its sandbox may write), {@code review} (made anew for each proposed change) and the
 * executor's command log. One workspace per invocation, removed once the invocation has ended.
 */
final class WorkspaceDirs {

    private WorkspaceDirs() {
    }

    static Path root() {
        return Path.of(ServerSettings.get("castellan/data/dir", "castellan"), "workspaces").toAbsolutePath().normalize();
    }

    static Path of(String invocationId) {
        return root().resolve(invocationId);
    }

    /** Deletes a tree, whoever of the server and its sandboxes wrote it and whatever modes a command left on it. */
    static void delete(Path tree) throws IOException {
        if (!Files.exists(tree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                dir.toFile().setWritable(true, true);
                dir.toFile().setExecutable(true, true);
                dir.toFile().setReadable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

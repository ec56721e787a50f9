package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.castellan.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The commands an executor ran in its workspace, with their exit codes: its intent, which the
 * reviewer's verdict shows beside what the reviewer did. Kept beside the executor's copy, out of
 * the sandbox's reach.
 */
@ApplicationScoped
public class CommandLog {

    private static final int KEPT_CHARS = 2000;

    synchronized void ran(String invocationId, String command, SandboxOutcome outcome) {
        String line = Json.write(Json.object().put("command", command.length() <= KEPT_CHARS ? command : command.substring(0, KEPT_CHARS) + "…")
                .put("exit_code", outcome.exitCode()).put("timed_out", outcome.timedOut())) + "\n";
        try {
            Files.writeString(file(invocationId), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commands since the last accepted change, oldest first. */
    synchronized ArrayNode since(String invocationId) {
        ArrayNode commands = Json.MAPPER.createArrayNode();
        Path file = file(invocationId);
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        JsonNode entry = Json.read(line);
                        commands.add(entry);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return commands;
    }

    /** A change was accepted: the next one's intent starts afresh. */
    synchronized void accepted(String invocationId) throws IOException {
        Files.deleteIfExists(file(invocationId));
    }

    private static Path file(String invocationId) {
        return WorkspaceDirs.of(invocationId).resolve("commands.jsonl");
    }
}

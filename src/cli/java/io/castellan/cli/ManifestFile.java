package io.castellan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;

/** A manifest named on the command line: a file, or - for standard input. */
final class ManifestFile {

    private ManifestFile() {
    }

    static String read(CommandLine command, String file) {
        try {
            if ("-".equals(file)) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(command, "No such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks the server whether the manifest is valid; prints the field errors and fails if not. */
    static String validate(Client client, Output out, String file, String text) {
        try {
            return client.post("processes/validate", text, "application/yaml").path("name").asText();
        } catch (ServerProblem problem) {
            if (problem.status() != 400) {
                throw problem;
            }
            out.line(file + " is not a valid manifest:");
            problem.fieldErrors().forEach(error -> out.line("  " + error));
            throw new Main.Failure(problem.fieldErrors().size() + " field error(s) in " + file);
        }
    }
}

package io.castellan.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, name = "validate", description = "Check a manifest without deploying it (prints its field errors).")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the manifest (YAML or JSON), or - for standard input")
    private String file;

    @Override
    public Integer call() {
        String text = ManifestFile.read(spec.commandLine(), file);
        String name = ManifestFile.validate(connection.client(), connection.out(), file, text);
        connection.print(Client.JSON.createObjectNode().put("valid", true).put("name", name), file + " is valid: process " + name);
        return 0;
    }
}

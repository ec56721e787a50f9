package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, name = "deploy", description = "Validate a manifest, then deploy it: a new process, or a new version of the one with its name.")
final class DeployCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the manifest (YAML or JSON), or - for standard input")
    private String file;

    @picocli.CommandLine.Option(names = {"-m", "--reason"}, paramLabel = "TEXT", description = "why: kept with the version (castellan history)")
    private String reason;

    @Override
    public Integer call() {
        String text = ManifestFile.read(spec.commandLine(), file);
        Client client = connection.client();
        String name = ManifestFile.validate(client, connection.out(), file, text);
        JsonNode existing;
        try {
            existing = client.get(Client.path("processes", name));
        } catch (ServerProblem problem) {
            if (problem.status() != 404) {
                throw problem;
            }
            existing = null;
        }
        // as kubectl apply does: a new process, or a new version of the one with this name, and it says which
        String query = reason == null ? "" : "?reason=" + Client.encode(reason);
        JsonNode process = existing != null
                ? client.put(Client.path("processes", name) + query, text, "application/yaml")
                : client.post("processes" + query, text, "application/yaml");
        connection.print(process, existing != null
                ? name + ": version " + process.path("version").asInt() + " replaces version " + existing.path("version").asInt()
                        + " (" + process.path("state").asText() + "; an invocation already running finishes on the old one)"
                : "deployed " + name + " (version " + process.path("version").asInt() + ", " + process.path("state").asText() + ")");
        return 0;
    }
}

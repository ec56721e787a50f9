package io.castellan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, name = "ask",
        description = "Ask a process a question and print its answer; exit 1 if it has none usable. Without an answer within"
                + " --timeout, prints the invocation to read later (castellan logs, or GET /invocations/{id}).")
final class AskCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the process")
    private String name;

    @Parameters(index = "1", paramLabel = "QUESTION", description = "the question")
    private String question;

    @Option(names = "--schema", paramLabel = "FILE", description = "a JSON Schema file the answer must match (then the answer is JSON)")
    private String schemaFile;

    @Option(names = "--timeout", paramLabel = "TIME", description = "how long to wait for the answer, e.g. 10s or 1m (default 30s, at most 60s)")
    private String timeout = "30s";

    @Override
    public Integer call() {
        ObjectNode body = Client.JSON.createObjectNode().put("question", question).put("timeout", timeout);
        if (schemaFile != null) {
            body.set("schema", schema());
        }
        JsonNode answer = connection.client().postJson(Client.path("processes", name, "ask"), body);
        if (!answer.has("invocation")) {
            // 202: no answer within the timeout
            connection.print(answer, answer.path("id").asText() + " " + answer.path("status").asText() + ": no answer within " + timeout);
            return 0;
        }
        String text = answer.hasNonNull("error") ? "error: " + answer.get("error").asText()
                : answer.path("answer").isTextual() ? answer.get("answer").asText() : Client.write(answer.path("answer"));
        connection.print(answer, text);
        return answer.hasNonNull("error") ? 1 : 0;
    }

    private JsonNode schema() {
        try {
            return Client.JSON.readTree(Files.readString(Path.of(schemaFile)));
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "--schema " + schemaFile + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--schema " + schemaFile + " cannot be read: " + e.getMessage());
        }
    }
}

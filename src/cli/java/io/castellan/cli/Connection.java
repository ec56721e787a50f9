package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the server is, the token, and the output format: the options every command takes. */
final class Connection {

    static final String DEFAULT_URL = "http://127.0.0.1:9080";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--url", paramLabel = "URL", description = "Castellan's address (default: $CASTELLAN_URL, else " + DEFAULT_URL + ")")
    private String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "an API token (default: $CASTELLAN_TOKEN)")
    private String token;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json")
    private Output.Format format;

    Client client() {
        GlobalOptions before = global();
        String address = url != null ? url : before.url != null ? before.url : env("CASTELLAN_URL", DEFAULT_URL);
        String secret = token != null ? token : before.token != null ? before.token : env("CASTELLAN_TOKEN", null);
        if (secret == null || secret.isBlank()) {
            throw new ParameterException(command.commandLine(), "No API token: set CASTELLAN_TOKEN or pass --token");
        }
        return new Client(address, secret);
    }

    /** The node as JSON with -o json, else the line. */
    void print(JsonNode node, String line) {
        if (json()) {
            out().json(node);
        } else {
            out().line(line);
        }
    }

    /** The items as JSON with -o json, else as a table with a row per item. */
    void list(JsonNode items, List<String> headers, Function<JsonNode, List<String>> row) {
        if (json()) {
            out().json(items);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        items.forEach(item -> rows.add(row.apply(item)));
        out().table(headers, rows);
    }

    boolean json() {
        Output.Format chosen = format != null ? format : global().format;
        return chosen == Output.Format.json;
    }

    /** The options given before the command name, on the root command. */
    private GlobalOptions global() {
        Object root = command.commandLine().getCommandSpec().root().userObject();
        return root instanceof Main main ? main.global : new GlobalOptions();
    }

    java.io.PrintWriter err() {
        return command.commandLine().getErr();
    }

    Output out() {
        return new Output(command.commandLine().getOut());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

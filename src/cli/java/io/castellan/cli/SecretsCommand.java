package io.castellan.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "A process's secrets: list them (names and state, never values), or set one from standard input.",
        subcommands = {SecretsCommand.List.class, SecretsCommand.Set.class})
final class SecretsCommand extends CommandGroup {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The secrets a process declares: whether set, source, expiry.")
    static final class List extends ProcessCommand {

        @Override
        public Integer call() {
            connection.list(connection.client().get(Client.path("processes", name, "secrets")), java.util.List.of("SECRET", "SET", "SOURCE", "EXPIRES"),
                    s -> java.util.List.of(s.path("name").asText(), s.path("set").asBoolean() ? (s.path("expired").asBoolean() ? "expired" : "yes") : "no",
                            Output.text(s.path("source")), Output.time(s.path("expires_at"))));
            return 0;
        }
    }

    /** The value comes on standard input, never on the command line (where ps and shell history would keep it). */
    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a secret; its value is read from standard input.")
    static final class Set implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(index = "0", paramLabel = "NAME", description = "the process")
        private String name;

        @Parameters(index = "1", paramLabel = "SECRET", description = "the secret's name in the manifest")
        private String secret;

        @Override
        public Integer call() throws IOException {
            String value = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new Main.Failure("no value on standard input (echo -n VALUE | castellan secrets set NAME SECRET)");
            }
            connection.client().putJson(Client.path("processes", name, "secrets", secret), Client.JSON.createObjectNode().put("value", value));
            connection.out().line("secret " + secret + " of " + name + " set");
            return 0;
        }
    }
}

package io.castellan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "state", description = "Read and write a process's state.",
        subcommands = {StateCommand.Get.class, StateCommand.Set.class, StateCommand.History.class})
final class StateCommand extends CommandGroup {

    @Command(mixinStandardHelpOptions = true, name = "get", description = "A key's value, or without KEY every key.")
    static final class Get implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(index = "0", paramLabel = "NAME", description = "the process")
        private String name;

        @Parameters(index = "1", paramLabel = "KEY", arity = "0..1", description = "the key")
        private String key;

        @Override
        public Integer call() {
            Client client = connection.client();
            if (key != null) {
                JsonNode entry = client.get(Client.path("processes", name, "state", key));
                connection.print(entry, Output.text(entry.path("value")));
                return 0;
            }
            connection.list(client.get(Client.path("processes", name, "state")).path("items"), List.of("KEY", "VALUE", "UPDATED"),
                    s -> List.of(s.path("key").asText(), Output.text(s.path("value")), Output.time(s.path("updated_at"))));
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "set", description = "Write a key. VALUE is JSON; anything that is not JSON is stored as a string.")
    static final class Set implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(index = "0", paramLabel = "NAME", description = "the process")
        private String name;

        @Parameters(index = "1", paramLabel = "KEY", description = "the key")
        private String key;

        @Parameters(index = "2", paramLabel = "VALUE", description = "the value: JSON (42, true, {\"a\": 1}, \"text\") or plain text")
        private String value;

        @Override
        public Integer call() {
            JsonNode parsed;
            try {
                parsed = Client.JSON.readTree(value);
            } catch (JsonProcessingException e) {
                parsed = null;
            }
            String body = Client.write(parsed == null || parsed.isMissingNode() ? TextNode.valueOf(value) : parsed);
            JsonNode entry = connection.client().put(Client.path("processes", name, "state", key), body, "application/json");
            connection.print(entry, key + " = " + Output.text(entry.path("value")));
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "history", description = "Every value a key has had, oldest first, with who wrote it.")
    static final class History implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(index = "0", paramLabel = "NAME", description = "the process")
        private String name;

        @Parameters(index = "1", paramLabel = "KEY", description = "the key")
        private String key;

        @Override
        public Integer call() {
            JsonNode items = connection.client().get(Client.path("processes", name, "state", key, "history") + "?limit=500").path("items");
            connection.list(items, List.of("AT", "SOURCE", "VALUE"),
                    h -> List.of(Output.time(h.path("at")), h.path("source").asText(), Output.text(h.path("value"))));
            return 0;
        }
    }
}

package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "List the triggers that could not be run, oldest first; replay or discard one by its id.",
        subcommands = {DeadLettersCommand.Replay.class, DeadLettersCommand.Discard.class})
final class DeadLettersCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Override
    public Integer call() {
        connection.list(connection.client().get("dead-letters?limit=500").path("items"), List.of("ID", "PROCESS", "AT", "REASON"),
                d -> List.of(d.path("id").asText(), Output.text(d.path("process")), Output.time(d.path("at")),
                        Output.abbreviate(Output.text(d.path("reason")), 80)));
        return 0;
    }

    /** A command about one dead letter, named by its id. */
    abstract static class OneLetter implements Callable<Integer> {

        @Mixin
        protected Connection connection;

        @Parameters(paramLabel = "ID", description = "the dead letter")
        protected String id;
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, description = "Run a dead letter's trigger again (a new invocation); the dead letter is removed.")
    static final class Replay extends OneLetter {

        @Override
        public Integer call() {
            JsonNode replayed = connection.client().post(Client.path("dead-letters", id, "replay"), null, null);
            connection.print(replayed, "replayed " + id + (replayed.hasNonNull("id")
                    ? ": invocation " + replayed.get("id").asText() + " " + replayed.path("status").asText()
                    : ": the message is on castellan.triggers again"));
            return 0;
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Remove a dead letter without running it.")
    static final class Discard extends OneLetter {

        @Override
        public Integer call() {
            connection.client().send("DELETE", Client.path("dead-letters", id), null, null);
            connection.out().line("discarded " + id);
            return 0;
        }
    }
}

package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fork} and {@code rewind}: a process as it was at a point of its past (an ended invocation, or a journal seq). */
final class TimeTravelCommand {

    private TimeTravelCommand() {
    }

    @Command(name = "fork", mixinStandardHelpOptions = true,
            description = "A new process made from NAME as it was at AT (an ended invocation's id or a journal seq):"
                    + " its manifest, state, conversation and memories then (admin).")
    static final class Fork implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(index = "0", paramLabel = "NAME", description = "the process to fork")
        private String name;

        @Parameters(index = "1", paramLabel = "AT", description = "an ended invocation's id, or a journal entry's seq")
        private String at;

        @Parameters(index = "2", paramLabel = "NEW_NAME", description = "the new process's name")
        private String newName;

        @Override
        public Integer call() {
            JsonNode body = Client.JSON.createObjectNode().put("at", at).put("name", newName);
            JsonNode forked = connection.client().postJson(Client.path("processes", name, "fork"), body);
            connection.print(forked, newName + ": forked from " + name + " at " + at + " (" + forked.path("state").asText() + ")");
            return 0;
        }
    }

    @Command(name = "rewind", mixinStandardHelpOptions = true,
            description = "Sets a paused process's state and conversation back to AT, as new changes its history keeps (admin).")
    static final class Rewind implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(index = "0", paramLabel = "NAME", description = "the process, paused with nothing running")
        private String name;

        @Parameters(index = "1", paramLabel = "AT", description = "an ended invocation's id, or a journal entry's seq")
        private String at;

        @Override
        public Integer call() {
            JsonNode body = Client.JSON.createObjectNode().put("at", at);
            JsonNode rewound = connection.client().postJson(Client.path("processes", name, "rewind"), body);
            connection.print(rewound, name + ": rewound to " + rewound.path("at").asText() + ": " + rewound.path("state_written").asInt()
                    + " state keys written back, " + rewound.path("state_removed").asInt() + " removed, "
                    + rewound.path("conversation_turns_dropped").asInt() + " conversation turns dropped");
            return 0;
        }
    }
}

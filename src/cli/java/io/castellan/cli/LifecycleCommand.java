package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** start, stop, pause and resume: one transition of a process each. */
abstract class LifecycleCommand extends ProcessCommand {

    abstract String verb();

    @Override
    public Integer call() {
        JsonNode process = connection.client().post(Client.path("processes", name, verb()), null, null);
        connection.print(process, name + ": " + process.path("state").asText());
        return 0;
    }

    @Command(mixinStandardHelpOptions = true, name = "start", description = "Start a stopped or failed process.")
    static final class Start extends LifecycleCommand {
        @Override
        String verb() {
            return "start";
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "stop", description = "Stop a process: it takes no triggers until started.")
    static final class Stop extends LifecycleCommand {
        @Override
        String verb() {
            return "stop";
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "pause", description = "Pause a process: its triggers wait until it is resumed.")
    static final class Pause extends LifecycleCommand {
        @Override
        String verb() {
            return "pause";
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "resume", description = "Resume a paused process.")
    static final class Resume extends LifecycleCommand {
        @Override
        String verb() {
            return "resume";
        }
    }
}

package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** start, stop, pause and resume: one transition of a process each. */
abstract class LifecycleCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Parameters(paramLabel = "NAME", description = "the process")
    private String name;

    abstract String verb();

    @Override
    public Integer call() {
        JsonNode process = connection.client().post(Client.path("processes", name, verb()), null, null);
        connection.print(process, name + ": " + process.path("state").asText());
        return 0;
    }

    @Command(name = "start", description = "Start a stopped or failed process.")
    static final class Start extends LifecycleCommand {
        @Override
        String verb() {
            return "start";
        }
    }

    @Command(name = "stop", description = "Stop a process: it takes no triggers until started.")
    static final class Stop extends LifecycleCommand {
        @Override
        String verb() {
            return "stop";
        }
    }

    @Command(name = "pause", description = "Pause a process: its triggers wait until it is resumed.")
    static final class Pause extends LifecycleCommand {
        @Override
        String verb() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Resume a paused process.")
    static final class Resume extends LifecycleCommand {
        @Override
        String verb() {
            return "resume";
        }
    }
}

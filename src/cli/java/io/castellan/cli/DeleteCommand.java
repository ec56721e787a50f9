package io.castellan.cli;

import picocli.CommandLine.Command;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a process with its invocations, journal and state (refused while an invocation runs).")
final class DeleteCommand extends ProcessCommand {

    @Override
    public Integer call() {
        connection.client().send("DELETE", Client.path("processes", name), null, null);
        connection.out().line("deleted " + name);
        return 0;
    }
}

package io.castellan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code castellan} command: deploy and run processes from a terminal or a script.
 * Exit codes: 0 done, 1 the server refused or the work failed, 2 a usage error.
 */
@Command(name = "castellan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run Castellan's processes from a terminal. Reads CASTELLAN_URL and CASTELLAN_TOKEN.",
        subcommands = {DeployCommand.class, ValidateCommand.class, PsCommand.class, DescribeCommand.class, LogsCommand.class,
                InvokeCommand.class, AskCommand.class, SendCommand.class, LifecycleCommand.Start.class, LifecycleCommand.Stop.class, LifecycleCommand.Pause.class,
                LifecycleCommand.Resume.class, DeleteCommand.class, CancelCommand.class, StateCommand.class, SecretsCommand.class,
                UsageCommand.class, TokensCommand.class, DeadLettersCommand.class, ApprovalsCommand.class,
                DecideCommand.Approve.class, DecideCommand.Reject.class, AuditCommand.class, VersionsCommand.History.class,
                VersionsCommand.Diff.class, VersionsCommand.Rollback.class, MemoryCommand.class,
                TimeTravelCommand.Fork.class, TimeTravelCommand.Rewind.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the server refused, could not be reached, or the work failed", "2:wrong usage"})
public final class Main extends CommandGroup {

    /** --url, --token and -o before the command name; {@link Connection} reads them. */
    @picocli.CommandLine.Mixin
    GlobalOptions global = new GlobalOptions();

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(Main::failed).setParameterExceptionHandler(Main::misused);
    }

    /** A usage error is one line and where to read more, not the whole usage (exit 2). */
    private static int misused(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("Error: " + e.getMessage());
        command.getErr().println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for its usage.");
        return 2;
    }

    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        if (e instanceof ServerProblem problem) {
            command.getErr().println("Error: " + problem.describe());
        } else if (e instanceof Client.Unreachable unreachable) {
            command.getErr().println("Error: " + unreachable.getMessage());
        } else if (e instanceof Failure failure) {
            command.getErr().println("Error: " + failure.getMessage());
        } else {
            command.getErr().println("Error: " + e);
        }
        return 1;
    }

    /** The work could not be done (an invocation failed, a manifest is invalid): exit code 1. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"castellan " + (version == null ? "(development)" : version)};
        }
    }
}

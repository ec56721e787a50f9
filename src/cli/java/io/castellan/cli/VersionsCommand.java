package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A process's versions: its history, the diff between two, and a rollback to one. */
final class VersionsCommand {

    private VersionsCommand() {
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "A process's versions, newest first: when, by whom and why each was deployed.")
    static final class History implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(paramLabel = "NAME", description = "the process")
        private String name;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "at most this many (default 100, at most 1000)")
        private int limit = 100;

        @Override
        public Integer call() {
            connection.list(connection.client().get(Client.path("processes", name, "versions") + "?limit=" + limit).path("items"),
                    List.of("VERSION", "DEPLOYED", "BY", "REASON"),
                    v -> List.of(v.path("version").asText() + (v.path("current").asBoolean() ? " (current)" : ""), Output.time(v.path("created_at")),
                            v.path("created_by").asText("-"), Output.abbreviate(v.path("reason").asText("-"), 60)));
            return 0;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true, description = "The unified diff between two versions of a process's manifest.")
    static final class Diff implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(index = "0", paramLabel = "NAME", description = "the process")
        private String name;

        @Parameters(index = "1", paramLabel = "FROM", description = "the older version")
        private String from;

        @Parameters(index = "2", paramLabel = "TO", description = "the newer version")
        private String to;

        @Override
        public Integer call() {
            JsonNode diff = connection.client().get(Client.path("processes", name, "versions", from, "diff", to));
            String text = diff.path("diff").asText();
            connection.print(diff, text.isEmpty() ? "versions " + from + " and " + to + " are the same" : text.stripTrailing());
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Deploy an earlier version again, as a new version (operator).")
    static final class Rollback implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(index = "0", paramLabel = "NAME", description = "the process")
        private String name;

        @Parameters(index = "1", paramLabel = "VERSION", description = "the version to restore")
        private String version;

        @Override
        public Integer call() {
            JsonNode process = connection.client().post(Client.path("processes", name, "versions", version, "rollback"), null, null);
            connection.print(process, name + ": version " + process.path("version").asText() + " (the manifest of version " + version + ")");
            return 0;
        }
    }
}

package io.castellan.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The audit log, newest first (admin): every management action and refusal, with its token, entry point and outcome.")
final class AuditCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Option(names = "--process", paramLabel = "NAME", description = "only actions on this process")
    private String process;

    @Option(names = "--by", paramLabel = "TOKEN", description = "only actions of the token of this name")
    private String token;

    @Option(names = "--from", paramLabel = "INSTANT", description = "from this time on, e.g. 2026-12-01T09:00:00Z")
    private String from;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "at most this many (default 100, at most 1000)")
    private int limit = 100;

    @Override
    public Integer call() {
        StringBuilder query = new StringBuilder("audit?limit=").append(limit);
        if (process != null) {
            query.append("&process=").append(Client.encode(process));
        }
        if (token != null) {
            query.append("&token=").append(Client.encode(token));
        }
        if (from != null) {
            query.append("&from=").append(Client.encode(from));
        }
        connection.list(connection.client().get(query.toString()).path("items"),
                List.of("AT", "TOKEN", "ENTRY", "ACTION", "STATUS", "DETAIL"),
                a -> List.of(Output.time(a.path("at")), a.path("token").asText("-"), a.path("entry").asText(),
                        a.path("method").asText() + " " + a.path("target").asText(), a.path("status").asText(),
                        Output.abbreviate(Output.text(a.path("detail")), 60)));
        return 0;
    }
}

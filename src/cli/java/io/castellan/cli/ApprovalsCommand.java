package io.castellan.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = "List approval requests, newest first: pending ones unless --state says otherwise. Decide with approve or reject.")
final class ApprovalsCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Option(names = "--state", paramLabel = "STATE", description = "pending (default), approved, rejected, expired, withdrawn or all")
    private String state = "pending";

    @Option(names = "--process", paramLabel = "NAME", description = "only this process's requests")
    private String process;

    @Override
    public Integer call() {
        StringBuilder query = new StringBuilder("approvals?limit=500");
        if (!"all".equals(state.toLowerCase(Locale.ROOT))) {
            query.append("&state=").append(Client.encode(state));
        }
        if (process != null) {
            query.append("&process=").append(Client.encode(process));
        }
        connection.list(connection.client().get(query.toString()).path("items"),
                List.of("ID", "PROCESS", "STATE", "REQUESTED", "EXPIRES", "SUMMARY"),
                a -> List.of(a.path("id").asText(), a.path("process").asText(), a.path("state").asText(), Output.time(a.path("requested_at")),
                        Output.time(a.path("expires_at")), Output.abbreviate(Output.text(a.path("summary")), 60)));
        return 0;
    }
}

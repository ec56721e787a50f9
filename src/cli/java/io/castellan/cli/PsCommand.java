package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(mixinStandardHelpOptions = true, name = "ps", description = "List the processes: state, triggers, last invocation, today's invocations and cost, health.")
final class PsCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Override
    public Integer call() {
        JsonNode fleet = connection.client().get("fleet");
        connection.list(fleet.path("items"), List.of("NAME", "STATE", "VERSION", "TRIGGERS", "LAST INVOCATION", "TODAY", "COST TODAY", "HEALTH"),
                PsCommand::row);
        return 0;
    }

    private static List<String> row(JsonNode p) {
        JsonNode last = p.path("last_invocation");
        String state = p.path("state").asText() + (p.hasNonNull("state_reason") ? " (" + p.get("state_reason").asText() + ")" : "");
        List<String> triggers = new ArrayList<>();
        p.path("triggers").forEach(t -> triggers.add(t.asText()));
        String limit = p.hasNonNull("daily_cost_limit") ? "/" + p.get("daily_cost_limit").asText() : "";
        return List.of(p.path("name").asText(), state, p.path("version").asText(), triggers.isEmpty() ? "-" : String.join(",", triggers),
                last.isMissingNode() || last.isNull() ? "-" : last.path("status").asText() + " " + Output.time(last.path("queued_at")),
                p.path("invocations_today").asText(), "$" + p.path("cost_today_usd").asText() + limit, Output.text(p.path("health")));
    }
}

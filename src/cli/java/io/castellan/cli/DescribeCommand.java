package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "describe", description = "Show a process: its state, triggers, budget, health, mission, recent invocations and state keys.")
final class DescribeCommand extends ProcessCommand {

    @Override
    public Integer call() {
        Client client = connection.client();
        String path = Client.path("processes", name);
        JsonNode process = client.get(path);
        ObjectNode all = Client.JSON.createObjectNode();
        all.set("process", process);
        all.set("budget", client.get(path + "/budget"));
        all.set("health", client.get(path + "/health"));
        all.set("mission", optional(client, path + "/mission"));
        all.set("invocations", client.get(path + "/invocations?limit=5").path("items"));
        all.set("state", client.get(path + "/state").path("items"));
        Output out = connection.out();
        if (connection.json()) {
            out.json(all);
            return 0;
        }
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Name", process.path("name").asText()});
        facts.add(new String[] {"State", process.path("state").asText()
                + (process.hasNonNull("state_reason") ? " (" + process.get("state_reason").asText() + ")" : "")});
        facts.add(new String[] {"Version", process.path("version").asText()});
        facts.add(new String[] {"Description", Output.text(process.path("description"))});
        facts.add(new String[] {"Model", process.path("model").asText()});
        List<String> triggers = new ArrayList<>();
        for (JsonNode t : process.path("triggers")) {
            String detail = t.hasNonNull("schedule") ? t.get("schedule").asText() : t.hasNonNull("path") ? t.get("path").asText()
                    : t.hasNonNull("topic") ? t.get("topic").asText() : t.has("from") ? "from " + senders(t.get("from")) : "";
            triggers.add((t.path("kind").asText() + " " + detail).strip());
        }
        facts.add(new String[] {"Triggers", triggers.isEmpty() ? "-" : String.join(", ", triggers)});
        facts.add(new String[] {"Running now", Output.text(process.path("active_invocation"))});
        facts.add(new String[] {"Failures in a row", process.path("consecutive_failures").asText()});
        JsonNode budget = all.get("budget");
        facts.add(new String[] {"Cost today", "$" + budget.path("cost_usd").path("used").asText("0")
                + (budget.path("cost_usd").hasNonNull("limit") ? " of $" + budget.path("cost_usd").get("limit").asText() : "")});
        facts.add(new String[] {"Invocations today", budget.path("invocations").path("used").asText("0")
                + (budget.path("invocations").hasNonNull("limit") ? " of " + budget.path("invocations").get("limit").asText() : "")});
        facts.add(new String[] {"Health", all.get("health").path("status").asText()
                + " (" + all.get("health").path("alerts").size() + " alerts)"});
        JsonNode mission = all.get("mission");
        if (!mission.isNull()) {
            facts.add(new String[] {"Mission", mission.path("status").asText() + ": " + mission.path("objective").asText()});
        }
        out.fields(facts);
        out.line("");
        List<List<String>> invocations = new ArrayList<>();
        for (JsonNode i : all.get("invocations")) {
            invocations.add(List.of(i.path("id").asText(), i.path("status").asText(), i.path("trigger").path("kind").asText(),
                    Output.time(i.path("queued_at")), i.hasNonNull("duration_ms") ? i.get("duration_ms").asText() + " ms" : "-"));
        }
        out.table(List.of("INVOCATION", "STATUS", "TRIGGER", "QUEUED", "TOOK"), invocations);
        out.line("");
        List<List<String>> state = new ArrayList<>();
        for (JsonNode s : all.get("state")) {
            state.add(List.of(s.path("key").asText(), Output.abbreviate(Output.text(s.path("value")), 60), Output.time(s.path("updated_at"))));
        }
        out.table(List.of("KEY", "VALUE", "UPDATED"), state);
        return 0;
    }

    private static JsonNode optional(Client client, String path) {
        try {
            return client.get(path);
        } catch (ServerProblem problem) {
            if (problem.status() == 404) {
                return Client.JSON.nullNode();
            }
            throw problem;
        }
    }

    private static String senders(JsonNode from) {
        List<String> names = new ArrayList<>();
        from.forEach(name -> names.add(name.asText()));
        return names.isEmpty() ? "any process" : String.join(", ", names);
    }
}

package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "usage", mixinStandardHelpOptions = true, description = "A process's model tokens and cost per day.")
final class UsageCommand extends ProcessCommand {

    @Option(names = "--from", paramLabel = "DATE", description = "first day, YYYY-MM-DD (default: 30 days ago)")
    private String from;

    @Option(names = "--to", paramLabel = "DATE", description = "last day, YYYY-MM-DD (default: today)")
    private String to;

    @Override
    public Integer call() {
        StringBuilder path = new StringBuilder(Client.path("processes", name, "usage"));
        char sep = '?';
        if (from != null) {
            path.append(sep).append("from=").append(java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8));
            sep = '&';
        }
        if (to != null) {
            path.append(sep).append("to=").append(java.net.URLEncoder.encode(to, java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonNode report = connection.client().get(path.toString());
        if (connection.json()) {
            connection.out().json(report);
            return 0;
        }
        connection.list(report.path("days"), List.of("DAY", "MODEL", "CALLS", "INPUT", "OUTPUT", "COST (USD)"),
                d -> List.of(d.path("date").asText(), d.path("model").asText(), d.path("usage").path("model_calls").asText(),
                        d.path("usage").path("input_tokens").asText(), d.path("usage").path("output_tokens").asText(),
                        Output.text(d.path("usage").path("cost_usd"))));
        JsonNode total = report.path("total");
        connection.out().line("total: " + total.path("model_calls").asText() + " calls, " + total.path("input_tokens").asText() + " input and "
                + total.path("output_tokens").asText() + " output tokens, USD " + Output.text(total.path("cost_usd")));
        return 0;
    }
}

package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "memory",
        description = {"A process's long-term memory: without an action, its memories, newest first.",
            "  search QUERY   the memories nearest in meaning to QUERY, with their scores",
            "  remember TEXT  store a memory (--tag, more than once)",
            "  forget ID      delete a memory"})
final class MemoryCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "the process")
    private String name;

    @Parameters(index = "1", paramLabel = "ACTION", arity = "0..1", description = "search, remember or forget")
    private String action;

    @Parameters(index = "2..*", paramLabel = "WORDS", arity = "0..*", description = "the query, the text or the id")
    private List<String> words = new ArrayList<>();

    @Option(names = "--tag", description = "a tag: stored with a memory, or one a search's results must carry")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--limit", description = "how many search results (1-50, default 5)")
    private Integer limit;

    @Override
    public Integer call() {
        Client client = connection.client();
        String memories = Client.path("processes", name, "memories");
        if (action == null) {
            list(client.get(memories + "?limit=500").path("items"), false);
            return 0;
        }
        String said = String.join(" ", words);
        if (said.isBlank()) {
            throw new Main.Failure("memory " + action + " needs " + ("forget".equals(action) ? "an ID" : "some text"));
        }
        switch (action) {
            case "search" -> {
                StringBuilder query = new StringBuilder(memories).append("?q=").append(Client.encode(said));
                if (!tags.isEmpty()) {
                    query.append("&tags=").append(Client.encode(String.join(",", tags)));
                }
                if (limit != null) {
                    query.append("&limit=").append(limit);
                }
                list(client.get(query.toString()).path("items"), true);
            }
            case "remember" -> {
                ObjectNode body = Client.JSON.createObjectNode().put("text", said);
                tags.forEach(body.putArray("tags")::add);
                JsonNode stored = client.postJson(memories, body);
                connection.print(stored, "remembered " + stored.path("id").asText());
            }
            case "forget" -> {
                client.send("DELETE", memories + "/" + Client.encode(said), null, null);
                connection.print(Client.JSON.createObjectNode().put("id", said).put("deleted", true), "forgot " + said);
            }
            default -> throw new Main.Failure("unknown memory action '" + action + "': search, remember or forget");
        }
        return 0;
    }

    private void list(JsonNode items, boolean scored) {
        List<String> headers = scored ? List.of("SCORE", "ID", "TAGS", "TEXT") : List.of("ID", "AT", "TAGS", "TEXT");
        connection.list(items, headers, m -> {
            List<String> row = new ArrayList<>();
            row.add(scored ? m.path("score").asText() : m.path("id").asText());
            row.add(scored ? m.path("id").asText() : Output.time(m.path("at")));
            row.add(String.join(",", Client.JSON.convertValue(m.path("tags"), String[].class)));
            row.add(Output.abbreviate(m.path("text").asText(), 100));
            return row;
        });
    }
}

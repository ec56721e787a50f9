package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Put a message in a process's inbox: its model reads it at the start of its next turn (in the running"
                + " invocation, else the next one), highest priority first, once.")
final class SendCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "the process")
    private String name;

    @Parameters(index = "1", paramLabel = "MESSAGE", description = "the message")
    private String message;

    @Option(names = "--priority", paramLabel = "P", description = "low, normal (default) or high")
    private String priority = "normal";

    @Option(names = "--ttl", paramLabel = "TIME", description = "how long it may wait to be read, e.g. 30m, 2h, 1d (default 24h, at most 7d)")
    private String ttl;

    @Override
    public Integer call() {
        ObjectNode body = Client.JSON.createObjectNode().put("message", message).put("priority", priority);
        if (ttl != null) {
            body.put("ttl", ttl);
        }
        JsonNode sent = connection.client().postJson(Client.path("processes", name, "inbox"), body);
        connection.print(sent, "sent " + sent.path("id").asText() + " to " + name + " (" + sent.path("priority").asText()
                + ", expires " + sent.path("expires_at").asText() + ")");
        return 0;
    }
}

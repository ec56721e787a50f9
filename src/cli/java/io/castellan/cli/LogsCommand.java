package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "logs", description = "Print a process's journal: the last entries, then (-f) each new one as it commits.")
final class LogsCommand implements Callable<Integer> {

    private static final long MOST_PAUSE_MS = 10_000;

    @Mixin
    private Connection connection;

    @Parameters(paramLabel = "NAME", description = "the process")
    private String name;

    @Option(names = {"-f", "--follow"}, description = "keep following over Server-Sent Events (Ctrl-C ends)")
    private boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "how many of the last entries to show first (1-1000, default 20)")
    private int tail = 20;

    @Override
    public Integer call() throws InterruptedException {
        Client client = connection.client();
        Output out = connection.out();
        String path = Client.path("processes", name, "journal");
        long last = 0;
        for (JsonNode entry : client.get(path + "?tail=" + tail).path("items")) {
            print(out, entry);
            last = entry.path("seq").asLong();
        }
        if (!follow) {
            return 0;
        }
        long pause = 500;
        while (!Thread.currentThread().isInterrupted()) {
            long[] seen = {last};
            try {
                client.stream(path + "/stream", Long.toString(last), event -> {
                    if ("journal".equals(event.type())) {
                        print(out, event.data());
                        seen[0] = event.data().path("seq").asLong();
                    }
                });
                pause = 500;
            } catch (Client.Unreachable e) {
                connection.err().println("(reconnecting: " + e.getMessage() + ")");
                pause = Math.min(pause * 2, MOST_PAUSE_MS);
            }
            last = seen[0];
            Thread.sleep(pause); // backoff before reconnecting, not a wait for a condition
        }
        return 0;
    }

    private void print(Output out, JsonNode entry) {
        if (connection.json()) {
            out.jsonLine(entry);
            return;
        }
        String invocation = entry.hasNonNull("invocationId") ? entry.get("invocationId").asText() : "-";
        out.line(String.format("%6d  %s  %-22s  %-8s  %s", entry.path("seq").asLong(), Output.time(entry.path("at")),
                entry.path("type").asText(), invocation.length() > 8 ? invocation.substring(invocation.length() - 8) : invocation,
                Output.abbreviate(Output.text(entry.path("data")), 160)));
    }
}

package io.castellan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, name = "invoke", description = "Wake a process by hand; with --wait, until the invocation ends (exit 1 unless it completed).")
final class InvokeCommand implements Callable<Integer> {

    private static final Set<String> WAITING = Set.of("QUEUED", "RUNNING", "WAITING");
    private static final long POLL_MS = 300;

    @Mixin
    private Connection connection;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the process")
    private String name;

    @Option(names = {"-d", "--data"}, paramLabel = "JSON", description = "the trigger's payload, a JSON object (default {})")
    private String data = "{}";

    @Option(names = {"-w", "--wait"}, description = "wait for the invocation to end and print its reply or error")
    private boolean waitForEnd;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long --wait waits (default 300)")
    private long timeoutSeconds = 300;

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "the same key returns the same invocation")
    private String idempotencyKey;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode payload;
        try {
            payload = Client.JSON.readTree(data);
        } catch (JsonProcessingException e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            throw new ParameterException(spec.commandLine(), "--data must be a JSON object, got: " + data);
        }
        Client client = connection.client();
        Output out = connection.out();
        String path = Client.path("processes", name, "invocations");
        JsonNode queued = idempotencyKey == null
                ? client.postJson(path, payload)
                : client.send("POST", path, Client.write(payload), "application/json", "Idempotency-Key", idempotencyKey);
        String id = queued.path("id").asText();
        if (!waitForEnd) {
            connection.print(queued, id + " " + queued.path("status").asText());
            return 0;
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(timeoutSeconds));
        JsonNode invocation = client.get(Client.path("invocations", id));
        while (WAITING.contains(invocation.path("status").asText())) {
            if (Instant.now().isAfter(deadline)) {
                throw new Main.Failure("invocation " + id + " is still " + invocation.path("status").asText() + " after " + timeoutSeconds + " s");
            }
            Thread.sleep(POLL_MS); // polling the server's answer; the API has no blocking wait
            invocation = client.get(Client.path("invocations", id));
        }
        String status = invocation.path("status").asText();
        if (connection.json()) {
            out.json(invocation);
        } else {
            out.line(id + " " + status + (invocation.hasNonNull("duration_ms") ? " in " + invocation.get("duration_ms").asText() + " ms" : ""));
            if (invocation.hasNonNull("reply")) {
                out.line(invocation.get("reply").asText());
            }
            if (invocation.hasNonNull("error")) {
                out.line("error: " + invocation.get("error").asText());
            }
        }
        return "COMPLETED".equals(status) ? 0 : 1;
    }
}

package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel an invocation: a waiting one at once, a running one at its next step.")
final class CancelCommand implements Callable<Integer> {

    @Mixin
    private Connection connection;

    @Parameters(paramLabel = "ID", description = "the invocation")
    private String id;

    @Override
    public Integer call() {
        JsonNode invocation = connection.client().post(Client.path("invocations", id, "cancel"), null, null);
        connection.print(invocation, id + ": " + invocation.path("status").asText()
                + (invocation.path("cancel_requested").asBoolean() && !"CANCELLED".equals(invocation.path("status").asText())
                ? " (cancel requested)" : ""));
        return 0;
    }
}

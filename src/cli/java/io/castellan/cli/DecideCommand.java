package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code approve} and {@code reject}: one decision on an approval request, which resumes its invocation. */
abstract class DecideCommand implements Callable<Integer> {

    @Mixin
    protected Connection connection;

    @Parameters(paramLabel = "ID", description = "the approval request (castellan approvals lists them)")
    protected String id;

    abstract String action();

    abstract String comment();

    @Override
    public Integer call() {
        ObjectNode body = Client.JSON.createObjectNode();
        if (comment() != null) {
            body.put("comment", comment());
        }
        JsonNode approval = connection.client().postJson(Client.path("approvals", id, action()), body);
        connection.print(approval, id + ": " + approval.path("state").asText() + " by " + approval.path("decided_by").asText()
                + " (process " + approval.path("process").asText() + ", invocation " + approval.path("invocation").asText() + ")");
        return 0;
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a pending request; its invocation goes on.")
    static final class Approve extends DecideCommand {

        @Option(names = {"-m", "--comment"}, paramLabel = "COMMENT", description = "a comment the agent sees with the decision")
        private String comment;

        @Override
        String action() {
            return "approve";
        }

        @Override
        String comment() {
            return comment;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a pending request, saying why; its invocation goes on without it.")
    static final class Reject extends DecideCommand {

        @Option(names = {"-m", "--comment"}, paramLabel = "COMMENT", required = true, description = "why: the agent reads it")
        private String comment;

        @Override
        String action() {
            return "reject";
        }

        @Override
        String comment() {
            return comment;
        }
    }
}

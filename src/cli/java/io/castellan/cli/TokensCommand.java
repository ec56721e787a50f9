package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "tokens", description = "Manage API tokens (admin).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Delete.class})
final class TokensCommand extends CommandGroup {

    enum Role { viewer, operator, admin }

    @Command(mixinStandardHelpOptions = true, name = "create", description = "Create a token; its secret is printed this once.")
    static final class Create implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(paramLabel = "NAME", description = "the token's name")
        private String name;

        @Option(names = {"-r", "--role"}, required = true, paramLabel = "ROLE", description = "viewer, operator or admin")
        private Role role;

        @Override
        public Integer call() {
            JsonNode token = connection.client().postJson("tokens",
                    Client.JSON.createObjectNode().put("name", name).put("role", role.name()));
            connection.print(token, "token " + name + " (" + token.path("role").asText() + "), shown only this once:"
                    + System.lineSeparator() + token.path("token").asText());
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "The tokens' names and roles.")
    static final class ListTokens implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Override
        public Integer call() {
            connection.list(connection.client().get("tokens").path("items"), List.of("NAME", "ROLE", "CREATED"),
                    t -> List.of(t.path("name").asText(), t.path("role").asText(), Output.time(t.path("created_at"))));
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", description = "Revoke a token.")
    static final class Delete implements Callable<Integer> {

        @Mixin
        private Connection connection;

        @Parameters(paramLabel = "NAME", description = "the token's name")
        private String name;

        @Override
        public Integer call() {
            connection.client().send("DELETE", Client.path("tokens", name), null, null);
            connection.print(Client.JSON.createObjectNode().put("revoked", name), "token " + name + " revoked");
            return 0;
        }
    }
}

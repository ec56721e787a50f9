package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** {@code search_files {pattern, path?, fixed?}}: lines matching a pattern in the workspace's text files, as file:line:text (grep); in the sandbox. */
@ApplicationScoped
public class SearchFilesTool extends WorkspaceTool {

    @Override
    public String name() {
        return "search_files";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Searches the workspace's text files for a pattern (an extended regular expression, or fixed text) and returns"
                        + " the matching lines as file:line:text.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("pattern", "what to look for")
                        .addStringProperty("path", "a file or directory to search, relative to the repository's top directory; . when absent")
                        .addBooleanProperty("fixed", "true: the pattern is plain text, not a regular expression")
                        .required("pattern")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String pattern = args.path("pattern").asText("");
        if (!args.path("pattern").isTextual() || pattern.isEmpty() || pattern.length() > 1000) {
            throw new ToolException("pattern is required: 1 to 1000 characters");
        }
        String path = path(args, "path", ".");
        String syntax = args.path("fixed").asBoolean(false) ? "-F" : "-E";
        SandboxOutcome outcome = inSandbox(context, List.of("/usr/bin/grep", "-rnI", "--exclude-dir=.git", syntax, "-e", pattern, "--", path),
                null, Duration.ofSeconds(60));
        // grep: 0 found, 1 none found, 2 trouble
        if (outcome.exitCode() > 1) {
            throw failed("the search failed", outcome);
        }
        ObjectNode result = Json.object().put("matches", outcome.stdout());
        if (outcome.truncated()) {
            result.put("truncated", true);
        }
        return result;
    }
}

package io.castellan.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.VisibleText;
import io.castellan.tool.PreparedTool;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code propose_change {message}}: the executor's only way out. The reviewer verifies the
 * workspace's change and, if it passes, commits and pushes it; the verdict (accepted with the
 * commit and branch, or rejected with the reason and the verification's tail) is the result.
 * With {@code review.require_approval}, a person approves each verified change before the push.
 */
@ApplicationScoped
public class ProposeChangeTool extends WorkspaceTool implements PreparedTool {

    @Inject
    Reviewer reviewer;

    @Override
    public String name() {
        return "propose_change";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Proposes the workspace's changes: the reviewer checks which files changed, runs the verification and, if it"
                        + " passes, commits with the message and pushes a branch. Returns accepted (with the commit) or rejected (with why).")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("message", "the commit message: what the change does and why")
                        .required("message")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        return reviewer.review(context, message(args));
    }

    /** {@code workspace.review.require_approval}: a person approves each verified change before it is pushed. */
    @Override
    public boolean approvesAfterPreparing(ToolContext context) {
        return context.manifest().workspace() != null && context.manifest().workspace().requireApproval();
    }

    @Override
    public Prepared prepare(ToolContext context, JsonNode args) {
        return reviewer.prepare(context, message(args));
    }

    @Override
    public JsonNode complete(ToolContext context, JsonNode args, JsonNode decision) {
        return reviewer.complete(context, decision);
    }

    private static String message(JsonNode args) {
        String message = args.path("message").asText("");
        if (!args.path("message").isTextual() || VisibleText.blank(message) || message.length() > 4000) {
            throw new ToolException("message is required: the commit message, 1 to 4000 characters");
        }
        return message;
    }
}

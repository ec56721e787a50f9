package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import io.castellan.platform.VisibleText;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * {@code request_approval {summary, details?}}: the invocation waits durably, holding no thread,
 * until a person approves or rejects the request (or its manifest's {@code approval.timeout}
 * passes); the decision, who took it and their comment are the step's result.
 */
@ApplicationScoped
public class RequestApprovalTool implements Tool {

    public static final int MAX_SUMMARY = 2000;
    public static final int MAX_DETAILS_BYTES = 64 * 1024;

    @Override
    public String name() {
        return "request_approval";
    }

    @Override
    public boolean suspends() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Asks a person to approve something and waits (durably: across restarts) for the decision."
                        + " The result says approved or rejected, who decided and their comment.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("summary", "what is to be approved, in one or two sentences (at most " + MAX_SUMMARY + " characters)")
                        .addProperty("details", ToolSchemas.anyValue("optional: anything the person needs to decide, as JSON (at most 64 KiB)"))
                        .required("summary")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        JsonNode summary = args.get("summary");
        if (summary == null || !summary.isTextual() || VisibleText.blank(summary.asText()) || summary.asText().length() > MAX_SUMMARY) {
            throw new ToolException("summary is required: 1 to " + MAX_SUMMARY + " characters of text a person can read");
        }
        JsonNode details = args.hasNonNull("details") ? args.get("details") : null;
        if (details != null && Json.write(details).getBytes(StandardCharsets.UTF_8).length > MAX_DETAILS_BYTES) {
            throw new ToolException("details may be at most 64 KiB of JSON");
        }
        ObjectNode suspension = Json.object().put("kind", "approval").put("summary", summary.asText());
        suspension.set("details", details);
        return suspension;
    }
}

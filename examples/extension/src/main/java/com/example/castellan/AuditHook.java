package com.example.castellan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.extension.Hook;
import io.castellan.extension.HookContext;
import io.castellan.extension.HookRefusal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Logger;

/**
 * An example hook: it refuses any tool call whose arguments mention a word the team forbids, and
 * marks each tool result it let through as audited (the model sees the mark, the journal keeps it).
 * Named in a manifest as {@code hooks: [audit_hook]}.
 */
@ApplicationScoped
public class AuditHook implements Hook {

    static final String FORBIDDEN = "classified";
    private static final Logger LOG = Logger.getLogger(AuditHook.class.getName());

    @Override
    public String name() {
        return "audit_hook";
    }

    @Override
    public JsonNode beforeToolCall(HookContext context, String tool, JsonNode args) {
        if (args.toString().toLowerCase(java.util.Locale.ROOT).contains(FORBIDDEN)) {
            throw new HookRefusal("arguments that mention '" + FORBIDDEN + "' are not sent to tools");
        }
        return args;
    }

    @Override
    public JsonNode afterToolCall(HookContext context, String tool, JsonNode args, JsonNode result) {
        LOG.fine(() -> context.process() + " " + context.invocationId() + " called " + tool);
        if (result instanceof ObjectNode object) {
            ObjectNode marked = object.deepCopy();
            marked.put("audited_by", name());
            return marked;
        }
        return result;
    }
}

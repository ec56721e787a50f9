package io.castellan.openmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.platform.Json;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * {@code modify_triggers {action: add|remove, trigger, reason}}: adds or removes one of the agent's
 * own cron, event or message triggers (its webhooks and file watches are the operator's), within
 * {@code open_mode.max_triggers}.
 */
@ApplicationScoped
public class ModifyTriggersTool extends MetaTool {

    private static final Set<String> KINDS = Set.of("cron", "event", "message");

    @Override
    public String name() {
        return "modify_triggers";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Adds or removes one of your triggers, from your next invocation on: {cron: '0 9 * * *'},"
                        + " {event: 'topic.pattern'} or {message: {from: [process, ...]}}.")
                .parameters(JsonObjectSchema.builder()
                        .addEnumProperty("action", List.of("add", "remove"))
                        .addProperty("trigger", JsonObjectSchema.builder().description("exactly one of cron, event or message").build())
                        .addStringProperty("reason", "why: kept with the new version")
                        .required("action", "trigger", "reason")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        String action = args.path("action").asText("");
        if (!"add".equals(action) && !"remove".equals(action)) {
            throw new ToolException("action must be add or remove");
        }
        JsonNode trigger = args.get("trigger");
        if (trigger == null || !trigger.isObject() || trigger.size() != 1) {
            throw new ToolException("trigger must be an object with exactly one of cron, event or message");
        }
        String kind = trigger.fieldNames().next();
        return change(context, args, (manifest, current) -> {
            if (!KINDS.contains(kind)) {
                throw new Guardrail("an agent changes only its cron, event and message triggers, not '" + kind + "'");
            }
            ArrayNode triggers = SelfChanges.list(manifest, "triggers");
            if ("add".equals(action)) {
                int most = current.openMode().maxTriggers();
                if (triggers.size() + 1 > most) {
                    throw new Guardrail("open_mode.max_triggers is " + most + ": this process has " + triggers.size());
                }
                triggers.add(trigger);
            } else {
                int at = indexOf(triggers, trigger);
                if (at < 0) {
                    throw new ToolException("no such trigger: " + Json.write(trigger));
                }
                triggers.remove(at);
            }
            return Json.object().put("action", action).put("triggers", triggers.size()).set("trigger", trigger);
        });
    }

    private static int indexOf(ArrayNode triggers, JsonNode trigger) {
        for (int i = 0; i < triggers.size(); i++) {
            if (triggers.get(i).equals(trigger)) {
                return i;
            }
        }
        return -1;
    }
}

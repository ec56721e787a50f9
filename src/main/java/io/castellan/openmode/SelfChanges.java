package io.castellan.openmode;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessLocks;
import io.castellan.process.Processes;
import io.castellan.tool.ToolContext;
import io.castellan.tool.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.function.Function;

/**
 * An open agent's change of itself: its manifest's YAML edited by a meta-tool, checked by the
 * validator, and deployed as a new version by {@code agent:<invocation id>} with the agent's
 * reason; it takes effect from the next invocation. One transaction holds the process's lock, the
 * new version and the {@code SELF_CHANGED} entry keyed by the step, so a step retried after a crash
 * answers with what it did the first time instead of changing the process twice.
 */
@ApplicationScoped
public class SelfChanges {

    static final ObjectMapper YAML = new YAMLMapper();

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Journal journal;

    /** What a meta-tool does to the manifest's tree: it edits it, or throws a {@link Guardrail} or a {@link ToolException}. */
    @FunctionalInterface
    interface Edit {
        JsonNode apply(ObjectNode manifest, Manifest current);
    }

    @Transactional(dontRollbackOn = Guardrail.class)
    public JsonNode change(ToolContext context, String tool, String reason, Edit edit) {
        Optional<JsonNode> done = earlier(context);
        if (done.isPresent()) {
            return done.get();
        }
        guarded(context, tool, () -> MetaTool.openMode(context.manifest(), tool));
        AgentProcess process = processLocks.lock(context.process());
        Manifest current = processes.manifest(process.name(), process.version());
        ObjectNode tree = tree(processes.manifestText(process.name(), process.version()));
        JsonNode summary = guarded(context, tool, () -> edit.apply(tree, current));
        String text = yaml(tree);
        validated(text);
        AgentProcess changed = processes.update(process.name(), text, context.source(), reason);
        ObjectNode result = Json.object().put("version", changed.version()).put("takes_effect", "from the next invocation");
        result.set("change", summary);
        ObjectNode data = Json.object().put("tool", tool).put("reason", reason);
        data.set("result", result);
        journal.append(process.name(), JournalType.SELF_CHANGED, context.invocationId(), key(context), data);
        return result;
    }

    /** Runs a check in the caller's transaction; a guardrail it throws is journaled before the agent hears it. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = Guardrail.class)
    <T> T guarded(ToolContext context, String tool, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (Guardrail refused) {
            journal.append(context.process(), JournalType.GUARDRAIL, context.invocationId(),
                    Json.object().put("tool", tool).put("refused", refused.getMessage()));
            throw refused;
        }
    }

    /** The result this step recorded before a crash cut it short, if it got that far. */
    Optional<JsonNode> earlier(ToolContext context) {
        return journal.ofInvocation(context.invocationId()).stream()
                .filter(e -> key(context).equals(e.stepKey()))
                .map(JournalEntry::data).map(d -> d.get("result")).findFirst();
    }

    static String key(ToolContext context) {
        return "self:" + context.step();
    }

    /** A manifest the validator refuses is the agent's tool error, with every field it names. */
    void validated(String manifestText) {
        try {
            processes.validate(manifestText);
        } catch (ProblemException e) {
            throw new ToolException("the manifest this makes is invalid: " + e.said());
        }
    }


    static ObjectNode tree(String yaml) {
        try {
            return (ObjectNode) YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ToolException("the stored manifest could not be read: " + e.getOriginalMessage());
        } catch (ClassCastException e) {
            throw new ToolException("the stored manifest is not a YAML mapping");
        }
    }

    static String yaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JacksonException e) {
            throw new ToolException("the manifest could not be written: " + e.getOriginalMessage());
        }
    }

    /** The manifest's list under {@code field}, made when it has none. */
    static com.fasterxml.jackson.databind.node.ArrayNode list(ObjectNode manifest, String field) {
        JsonNode list = manifest.get(field);
        return list != null && list.isArray() ? (com.fasterxml.jackson.databind.node.ArrayNode) list : manifest.putArray(field);
    }

    /** A required text argument of a meta-tool. */
    static String text(JsonNode args, String field, int most) {
        String value = args.path(field).asText("");
        if (value.isBlank() || value.length() > most) {
            throw new ToolException(field + " is required: text of 1 to " + most + " characters");
        }
        return value;
    }
}

package io.castellan.openmode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.castellan.tool.ToolContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code spawn_process {manifest, reason}}: a new process from a manifest the agent writes, within its own limits. */
@ApplicationScoped
public class SpawnProcessTool extends MetaTool {

    static final int MAX_MANIFEST = 256 * 1024;

    @Inject
    private Spawns spawns;

    @Override
    public String name() {
        return "spawn_process";
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name())
                .description("Deploys a new process from a manifest you write (YAML): your tools, hosts and budget or less,"
                        + " no open_mode, secrets or workspace.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("manifest", "the new process's manifest, YAML")
                        .addStringProperty("reason", "why: kept with its first version")
                        .required("manifest", "reason")
                        .build())
                .build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode args) {
        return spawns.spawn(context, SelfChanges.text(args, "manifest", MAX_MANIFEST), reason(args));
    }
}

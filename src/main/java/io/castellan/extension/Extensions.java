package io.castellan.extension;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.manifest.ExtensionNames;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.ManifestParser;
import io.castellan.manifest.OpenModeSpec;
import io.castellan.manifest.WorkspaceBlock;
import io.castellan.tool.Tool;
import io.castellan.tool.Tools;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The extensions of this server: the tools, hooks and prompt builders a team's WAR adds as CDI
 * beans, by name. The manifest parser asks it which names exist; the engine asks it for a
 * manifest's hooks and prompt builder.
 */
@ApplicationScoped
public class Extensions implements ExtensionNames {

    private Map<String, Hook> hooks;
    private Map<String, PromptBuilder> builders;

    @Inject
    private Tools tools;

    @Inject
    void collect(@Any Instance<Hook> hookBeans, @Any Instance<PromptBuilder> builderBeans) {
        hooks = hookBeans.stream().collect(Collectors.toUnmodifiableMap(Hook::name, Function.identity()));
        builders = builderBeans.stream().collect(Collectors.toUnmodifiableMap(PromptBuilder::name, Function.identity()));
    }

    @Override
    public Set<String> tools() {
        return tools.names().stream().filter(n -> !ManifestParser.BUILT_IN_TOOLS.contains(n) && !WorkspaceBlock.TOOLS.contains(n)
                && !OpenModeSpec.META_TOOLS.contains(n)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Set<String> hooks() {
        return hooks.keySet();
    }

    @Override
    public Set<String> promptBuilders() {
        return builders.keySet();
    }

    /** The tool with the manifest's hooks around it; the tool itself when it names none. */
    public Tool hooked(Manifest manifest, HookContext context, Tool tool) {
        return manifest.hooks().isEmpty() ? tool : new HookedTool(tool, hooksOf(manifest), context);
    }

    /** @throws HookRefusal when a hook refuses the call */
    public void beforeModelCall(HookContext context, int turn) {
        hooksOf(context.manifest()).forEach(h -> h.beforeModelCall(context, turn));
    }

    /** The answer as the manifest's hooks leave it ({@link io.castellan.model.ModelResponse#toJson()} form). */
    public JsonNode afterModelCall(HookContext context, int turn, JsonNode answer) {
        JsonNode changed = answer;
        for (Hook hook : hooksOf(context.manifest())) {
            changed = hook.afterModelCall(context, turn, changed);
        }
        return changed;
    }

    /** The system prompt: the manifest's prompt builder's, or Castellan's own. */
    public String systemPrompt(HookContext context, String castellans) {
        String name = context.manifest().promptBuilder();
        if (name == null) {
            return castellans;
        }
        PromptBuilder builder = builders.get(name);
        if (builder == null) {
            throw new HookRefusal("prompt builder '" + name + "' is not in this server");
        }
        return builder.systemPrompt(context, castellans);
    }

    /** A hook a stored version names that this server no longer has refuses: a missing guard must not be skipped. */
    private List<Hook> hooksOf(Manifest manifest) {
        return manifest.hooks().stream().map(name -> {
            Hook hook = hooks.get(name);
            if (hook == null) {
                throw new HookRefusal("hook '" + name + "' is not in this server");
            }
            return hook;
        }).toList();
    }
}

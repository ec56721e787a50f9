package io.castellan.invocation.loop;

import io.castellan.extension.Extensions;
import io.castellan.extension.HookContext;
import io.castellan.extension.HookRefusal;
import io.castellan.invocation.execution.RunStart;
import io.castellan.manifest.Manifest;
import io.castellan.model.ModelException;
import io.castellan.model.ModelResponse;
import io.castellan.tool.Tool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * Where the loop meets a manifest's extension hooks: around a live model call (a refusal is the
 * model's failure, so the invocation fails with the reason) and around a live tool call (a refusal
 * is the tool's error). Replayed steps are not hooked again.
 */
@ApplicationScoped
class ExtensionHooks {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ExtensionHooks.class.getName());

    @Inject
    private Extensions extensions;

    ModelResponse aroundModelCall(RunStart run, Manifest manifest, int turn, Supplier<ModelResponse> call) {
        if (manifest.hooks().isEmpty()) {
            return call.get();
        }
        HookContext context = context(run, manifest);
        try {
            extensions.beforeModelCall(context, turn);
            return ModelResponse.fromJson(extensions.afterModelCall(context, turn, call.get().toJson()));
        } catch (HookRefusal refused) {
            throw new ModelException("refused by a hook: " + refused.getMessage());
        }
    }

    /** @throws HookRefusal when a hook the manifest names is not in this server */
    Tool aroundToolCall(RunStart run, Manifest manifest, Tool tool) {
        return extensions.hooked(manifest, context(run, manifest), tool);
    }

    /**
     * The system prompt for a provider model: the manifest's prompt builder's, or Castellan's own
     * (also when a stored version names a builder this server no longer has: a prompt is not a guard).
     */
    String systemPrompt(RunStart run, Manifest manifest, String castellans) {
        try {
            return extensions.systemPrompt(context(run, manifest), castellans);
        } catch (HookRefusal missing) {
            LOG.warning(() -> run.process() + ": " + missing.getMessage() + "; Castellan's own system prompt is used");
            return castellans;
        }
    }

    private static HookContext context(RunStart run, Manifest manifest) {
        return new HookContext(run.process(), run.invocationId(), manifest);
    }
}

package io.castellan.manifest;

import java.util.List;

/**
 * An agent's definition, as validated from its YAML or JSON manifest. Immutable: a change to a
 * process is a new manifest and a new version.
 */
public record Manifest(
        String name,
        String description,
        String model,
        String instructions,
        List<ScriptEntry> script,
        List<String> tools,
        List<String> networkAllow,
        List<TriggerSpec> triggers,
        RestartPolicy restartPolicy,
        int maxConsecutiveFailures,
        int maxSteps,
        boolean start) {

    public enum RestartPolicy { NEVER, ON_FAILURE, ALWAYS }

    public List<TriggerSpec.Cron> cronTriggers() {
        return triggers.stream().filter(TriggerSpec.Cron.class::isInstance).map(TriggerSpec.Cron.class::cast).toList();
    }

    public List<TriggerSpec.Webhook> webhooks() {
        return triggers.stream().filter(TriggerSpec.Webhook.class::isInstance).map(TriggerSpec.Webhook.class::cast).toList();
    }
}
